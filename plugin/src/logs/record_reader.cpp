#include "logs/record_reader.hpp"

#include <functional>
#include <limits>

#include "logs/message_fields.hpp"
#include "logs/redact.hpp"
#include "logs/scan.hpp"
#include "logs/wrapper.hpp"

namespace kcheck::logs {
namespace {

constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();
constexpr std::string_view kModuleJsonStart = "{\"@timestamp\"";

/// A KrakenD message: redacted, then its component tag and error read.
void finish_krakend(Record& rec, const LineContext& ctx) {
  // The telemetry/logstash module's JSON behind gologging's default pattern: the JSON is the
  // record (its fields win; the pattern's time stays when the JSON has none).
  if (rec.format == LogFormat::kGologging && rec.message.starts_with(kModuleJsonStart)) {
    Record inner = rec;
    if (read_logstash(rec.message, ctx, inner) && inner.format == LogFormat::kLogstashModule) {
      rec = inner;
    }
  }
  rec.message = clean_text(rec.message, ctx.arena, rec.truncated);
  read_message_fields(rec);
}

/// The status of a line no format claims: a leading level word (`ERROR parsing the
/// configuration file: …`, krakend-cobra) when there is one.
Severity unparsed_status(std::string_view body) noexcept {
  std::size_t end = 0;
  while (end < body.size() && end < 9 && is_upper(body[end])) ++end;
  Severity s = Severity::kInfo;
  if (end < body.size() && (body[end] == ' ' || body[end] == ':') &&
      parse_level(body.substr(0, end), s)) {
    return s;
  }
  return Severity::kInfo;
}

/// The first line of `text` and the rest after its '\n' ('\r' dropped).
std::string_view first_line(std::string_view text, std::string_view& rest) noexcept {
  const std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view trim_stack(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  for (;;) {
    if (s.ends_with("\x1b[0m")) {
      s.remove_suffix(4);  // Gin's Recovery resets the colour after the stack
    } else if (!s.empty() &&
               (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else {
      return s;
    }
  }
}

bool is_inside(std::string_view part, std::string_view whole) noexcept {
  const std::less_equal<const char*> le;
  return le(whole.data(), part.data()) &&
         le(part.data() + part.size(), whole.data() + whole.size());
}

void add_error(Record& rec, std::string_view text) noexcept {
  if (rec.error_count < kMaxListedErrors) rec.errors[rec.error_count] = text;
  if (rec.error_count == 0) {
    rec.error_message = text;
    rec.error_kind = classify_error(text);
  }
  ++rec.error_count;
}

void read_access_errors(std::string_view rest, const LineContext& ctx, Record& rec) {
  while (!rest.empty()) {
    const std::string_view body = unwrap(first_line(rest, rest), ctx.tz, 0).body;
    std::string_view text;
    if (read_gin_error_line(body, text)) add_error(rec, clean_text(text, ctx.arena, rec.truncated));
  }
}

/// Gin's Recovery: the value is the line after the head, after a request dump in debug mode
/// (`GET /x HTTP/1.1`, headers, blank line).
void read_recovery_value(std::string_view& rest, const LineContext& ctx, Record& rec) {
  std::string_view after;
  std::string_view line = first_line(rest, after);
  if (line.ends_with(" HTTP/1.1") || line.ends_with(" HTTP/1.0") || line.ends_with(" HTTP/2.0")) {
    while (!after.empty() && !line.empty()) line = first_line(after, after);
    line = first_line(after, after);
  }
  rest = after;
  rec.error_message = clean_text(line, ctx.arena, rec.truncated);
  ArenaWriter out(ctx.arena);
  out.put("panic recovered: ");
  out.put(rec.error_message);
  rec.truncated = rec.truncated || out.overflowed();
  rec.message = out.finish();
}

}  // namespace

LineKind read_head(std::string_view body, const LineContext& ctx, Record& rec) {
  if (body.empty()) return LineKind::kUnparsed;
  switch (body.front()) {
    case '[':
      if (body.starts_with("[GIN] ")) {
        return read_gin_access(body, ctx, rec) ? LineKind::kAccess : LineKind::kUnparsed;
      }
      break;
    case '{':
      if (read_logstash(body, ctx, rec)) return LineKind::kSingle;
      break;
    case 'E': {
      std::string_view text;
      if (read_gin_error_line(body, text)) return LineKind::kOrphanError;
      break;
    }
    default:
      break;
  }
  if (is_digit(body.front()) && read_basic(body, ctx, rec)) return LineKind::kSingle;
  if (read_panic_head(body, ctx, rec)) return LineKind::kPanic;
  if (is_upper(body.front()) && read_syslog_body(body, rec)) return LineKind::kSingle;
  if (read_gologging(body, ctx, rec)) return LineKind::kSingle;
  return LineKind::kUnparsed;
}

LineKind read_line(const Unwrapped& u, const LineContext& ctx, bool cut, Record& rec) {
  rec.reset();
  rec.timestamp_ms = kNoTime;
  rec.truncated = cut;
  return read_head(u.body, ctx, rec);
}

void finish_line(LineKind kind, std::string_view line, const Unwrapped& u, const LineContext& ctx,
                 std::int64_t now_ms, Record& rec) {
  if (kind == LineKind::kSingle) {
    finish_krakend(rec, ctx);
  } else if (kind == LineKind::kOrphanError) {
    std::string_view text;
    (void)read_gin_error_line(u.body, text);
    rec.format = LogFormat::kGin;
    rec.logger = LoggerName::kGin;
    rec.status = Severity::kError;
    rec.message = clean_text(u.body, ctx.arena, rec.truncated);
    add_error(rec, clean_text(text, ctx.arena, rec.truncated));
  } else {
    const bool truncated = rec.truncated;
    rec.reset();
    rec.truncated = truncated;
    rec.status = unparsed_status(u.body);
    rec.message = clean_text(line, ctx.arena, rec.truncated);
    rec.timestamp_ms = kNoTime;
  }
  if (rec.timestamp_ms == kNoTime) rec.timestamp_ms = u.has_time ? u.time_ms : now_ms;
}

void finish_multiline(LineKind kind, std::string_view text, const Unwrapped& u,
                      const LineContext& ctx, std::int64_t now_ms, Record& rec) {
  std::string_view rest;
  (void)first_line(text, rest);
  if (kind == LineKind::kAccess) {
    // The whole record from the access line on (a docker prefix of the first line left out).
    const std::size_t body_at = static_cast<std::size_t>(u.body.data() - text.data());
    const std::string_view whole = trim_stack(text.substr(body_at));
    rec.message = clean_text(whole, ctx.arena, rec.truncated);
    // A URL read as a view into the line has nothing to clean when the line had nothing.
    if (rec.message.data() != whole.data() || !is_inside(rec.http_url, whole)) {
      rec.http_url = clean_text(rec.http_url, ctx.arena, rec.truncated);
    }
    read_access_errors(rest, ctx, rec);
  } else if (kind == LineKind::kPanic) {
    if (rec.logger == LoggerName::kGin) {
      read_recovery_value(rest, ctx, rec);
    } else {
      rec.message = clean_text(rec.message, ctx.arena, rec.truncated);
      rec.error_message = clean_text(rec.error_message, ctx.arena, rec.truncated);
    }
    rec.error_stack = clean_text(trim_stack(rest), ctx.arena, rec.truncated);
    rec.error_kind = ErrorKind::kOther;
  }
  if (rec.timestamp_ms == kNoTime) rec.timestamp_ms = u.has_time ? u.time_ms : now_ms;
}

void read_multiline(std::string_view text, const LineContext& ctx, std::int64_t now_ms, bool cut,
                    Record& rec) {
  std::string_view rest;
  const Unwrapped u = unwrap(first_line(text, rest), ctx.tz, now_ms);
  finish_multiline(read_line(u, ctx, cut, rec), text, u, ctx, now_ms, rec);
}

}  // namespace kcheck::logs
