// Gin's default access-log formatter, both layouts:
//   Gin <= 1.11: `[GIN] D - T |<sc> 200 <r>| %13v | %15s |<mc> GET     <r> "/path"`
//   Gin >= 1.12: `[GIN] D - T |<sc> 200 <r>|<lc> %8v <r>| %15s |<mc> GET     <r> "/path"`
// The colour sequences appear only on a TTY; the path is Go-quoted (unquoted before Gin 1.4).
#include "logs/formats.hpp"
#include "logs/go_quote.hpp"
#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

/// Past the `|` that ends a field (spaces and colour sequences before it), or npos-like
/// `s.size() + 1` when the field does not end with one.
std::size_t past_bar(std::string_view s, std::size_t pos) noexcept {
  pos = skip_spaces_and_csi(s, pos);
  return pos < s.size() && s[pos] == '|' ? pos + 1 : s.size() + 1;
}

/// The token at `pos` up to a space, `|` or ESC.
std::string_view token(std::string_view s, std::size_t pos) noexcept {
  std::size_t end = pos;
  while (end < s.size() && s[end] != ' ' && s[end] != '|' && s[end] != '\x1b') ++end;
  return s.substr(pos, end - pos);
}

Severity status_severity(int code) noexcept {
  if (code >= 500) return Severity::kError;
  if (code >= 400) return Severity::kWarning;
  return Severity::kInfo;
}

}  // namespace

bool read_gin_access(std::string_view line, const LineContext& ctx, Record& rec) {
  // "[GIN] " + "2006/01/02 - 15:04:05"
  CivilTime t;
  if (!has_at(line, 0, "[GIN] ") || !read_slash_date(line, 6, t) || !has_at(line, 16, " - ") ||
      !read_clock(line, 19, t) || !is_valid(t)) {
    return false;
  }
  std::size_t pos = past_bar(line, 27);
  pos = skip_spaces_and_csi(line, pos);
  int code = 0;
  if (!read_digits(line, pos, 3, code)) return false;
  pos = past_bar(line, pos + 3);
  pos = skip_spaces_and_csi(line, pos);
  if (pos > line.size()) return false;
  const std::string_view latency = token(line, pos);
  std::int64_t duration = 0;
  if (!parse_go_duration(latency, duration)) return false;
  pos = past_bar(line, pos + latency.size());
  pos = skip_spaces(line, pos);
  if (pos > line.size()) return false;
  const std::string_view ip = token(line, pos);
  pos = past_bar(line, pos + ip.size());
  pos = skip_spaces_and_csi(line, pos);
  if (pos > line.size()) return false;
  const std::string_view method = token(line, pos);
  pos = skip_spaces_and_csi(line, pos + method.size());
  if (method.empty() || pos >= line.size()) return false;

  std::string_view url = line.substr(pos);
  if (url.front() == '"') {
    const std::size_t end = go_quoted_end(url);
    if (end == 0) return false;
    url = go_unquote(url.substr(0, end), ctx.arena);
  } else {
    while (!url.empty() && (url.back() == ' ' || url.back() == '\t')) url.remove_suffix(1);
  }

  rec.format = LogFormat::kGin;
  rec.logger = LoggerName::kGin;
  rec.timestamp_ms = ctx.tz.to_utc_ms(t);
  rec.http_status = code;
  rec.status = status_severity(code);
  rec.duration_ns = duration;
  rec.client_ip = ip;
  rec.http_method = method;
  rec.http_url = url;
  rec.message = line;
  return true;
}

bool read_gin_error_line(std::string_view line, std::string_view& text) noexcept {
  if (!has_at(line, 0, "Error #")) return false;
  std::size_t pos = 7;
  while (pos < line.size() && is_digit(line[pos])) ++pos;
  if (pos == 7 || !has_at(line, pos, ":")) return false;
  text = line.substr(skip_spaces(line, pos + 1));
  return true;
}

bool is_gin_meta_line(std::string_view line) noexcept {
  return has_at(line, skip_spaces(line, 0), "Meta: ") && line.front() == ' ';
}

bool parse_go_duration(std::string_view text, std::int64_t& ns) noexcept {
  // Go's Duration.String(): [0-9]+(\.[0-9]+)?(ns|µs|μs|us|ms|s|m|h), repeated, or "0s".
  constexpr std::int64_t kMax = 9'223'372'036'854'775'807;
  if (text.empty() || text.size() > 40) return false;
  std::int64_t total = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t whole = 0;
    const std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) {
      if (whole > (kMax - 9) / 10) return false;
      whole = whole * 10 + (text[pos++] - '0');
    }
    std::int64_t frac = 0;
    std::int64_t frac_scale = 1;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && is_digit(text[pos])) {
        // Go prints at most nine fraction digits; more cannot change a nanosecond count.
        if (frac_scale < 1'000'000'000) {
          frac = frac * 10 + (text[pos] - '0');
          frac_scale *= 10;
        }
        ++pos;
      }
    }
    if (pos == start || text[start] == '.') return false;
    std::int64_t unit = 0;
    const std::string_view rest = text.substr(pos);
    if (rest.starts_with("ns")) {
      unit = 1, pos += 2;
    } else if (rest.starts_with("us")) {
      unit = 1000, pos += 2;
    } else if (rest.starts_with("\xC2\xB5s") || rest.starts_with("\xCE\xBCs")) {
      unit = 1000, pos += 3;  // U+00B5 MICRO SIGN (Go's choice) or U+03BC GREEK SMALL MU
    } else if (rest.starts_with("ms")) {
      unit = 1'000'000, pos += 2;
    } else if (rest.starts_with("s")) {
      unit = 1'000'000'000, pos += 1;
    } else if (rest.starts_with("m")) {
      unit = 60'000'000'000, pos += 1;
    } else if (rest.starts_with("h")) {
      unit = 3'600'000'000'000, pos += 1;
    } else {
      return false;
    }
    // frac < 1e9 and unit <= 3.6e12 could overflow: scale the unit down first when it can
    // (units above 1 ms are multiples of every fraction scale up to 1e9).
    const std::int64_t frac_part =
        unit % frac_scale == 0 ? frac * (unit / frac_scale) : frac * unit / frac_scale;
    if (whole > (kMax - frac_part) / unit) return false;
    const std::int64_t part = whole * unit + frac_part;
    if (total > kMax - part) return false;
    total += part;
  }
  ns = total;
  return true;
}

}  // namespace kcheck::logs
