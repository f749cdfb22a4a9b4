// The two JSON-looking formats. gologging's `logstash` pattern pastes the message between
// quotes without escaping it, so it is read by position (the message runs to the last
// `", "module": "`), never as JSON. The telemetry/logstash module writes real JSON (keys
// sorted, real offset, microseconds), read by a small scanner that allocates nothing.
#include "logs/formats.hpp"
#include "logs/go_quote.hpp"
#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

constexpr std::string_view kPseudoStart = "{\"@timestamp\":\"";
constexpr std::string_view kPseudoLevel = "\", \"@version\": 1, \"level\": \"";
constexpr std::string_view kPseudoMessage = "\", \"message\": \"";
constexpr std::string_view kPseudoModule = "\", \"module\": \"";

/// `2006-01-02T15:04:05.000` at `pos`, fraction optional and of any length (ms kept).
bool read_iso_local(std::string_view s, std::size_t pos, CivilTime& t, std::size_t& end) noexcept {
  if (!(pos + 19 <= s.size() && s[pos + 4] == '-' && s[pos + 7] == '-' && s[pos + 10] == 'T' &&
        read_digits(s, pos, 4, t.year) && read_digits(s, pos + 5, 2, t.month) &&
        read_digits(s, pos + 8, 2, t.day) && read_clock(s, pos + 11, t))) {
    return false;
  }
  end = pos + 19;
  t.millis = 0;
  if (end < s.size() && s[end] == '.') {
    int scale = 100;
    for (++end; end < s.size() && is_digit(s[end]); ++end, scale /= 10) {
      t.millis += (s[end] - '0') * scale;
    }
  }
  return is_valid(t);
}

bool read_pseudo(std::string_view line, const LineContext& ctx, Record& rec) {
  CivilTime t;
  std::size_t pos = 0;
  if (!has_at(line, 0, kPseudoStart) || !read_iso_local(line, kPseudoStart.size(), t, pos)) {
    return false;
  }
  // `+00:00` is a literal of the pattern, not the zone: the time is local (krakend-logs.md).
  if (has_at(line, pos, "+00:00")) pos += 6;
  if (!has_at(line, pos, kPseudoLevel)) return false;
  pos += kPseudoLevel.size();
  const std::size_t level_end = line.find('"', pos);
  if (level_end == std::string_view::npos ||
      !parse_level(line.substr(pos, level_end - pos), rec.status)) {
    return false;
  }
  if (!has_at(line, level_end, kPseudoMessage)) return false;
  const std::size_t message = level_end + kPseudoMessage.size();
  const std::size_t module = line.rfind(kPseudoModule);
  if (module == std::string_view::npos || module < message) return false;
  rec.message = line.substr(message, module - message);
  rec.format = LogFormat::kLogstash;
  rec.timestamp_ms = ctx.tz.to_utc_ms(t);
  return true;
}

/// A JSON scanner over one object's top level; strings are decoded only when asked.
struct JsonCursor {
  std::string_view s;
  std::size_t pos = 0;

  void ws() noexcept {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
  }
  bool eat(char c) noexcept {
    ws();
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  /// A string token, quotes included; empty when there is none.
  std::string_view string_token() noexcept {
    ws();
    const std::size_t n = go_quoted_end(s.substr(pos));
    const std::string_view tok = s.substr(pos, n);
    pos += n;
    return tok;
  }
  /// Skips any value; nesting is bounded so that `[[[[…` cannot recurse deeply.
  bool skip_value() noexcept {
    ws();
    if (pos >= s.size()) return false;
    if (s[pos] == '"') return !string_token().empty();
    if (s[pos] == '{' || s[pos] == '[') {
      int depth = 0;
      while (pos < s.size()) {
        const char c = s[pos];
        if (c == '"') {
          if (string_token().empty()) return false;
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        ++pos;
        if (depth == 0) return true;
      }
      return false;
    }
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] != ',' && s[pos] != '}' && s[pos] != ' ') ++pos;
    return pos > start;
  }
};

/// JSON string escapes are Go's, less `\x`, `\U`: go_unquote reads both.
bool read_module_json(std::string_view line, const LineContext& ctx, Record& rec) {
  JsonCursor c{line};
  if (!c.eat('{')) return false;
  bool have_time = false;
  bool have_level = false;
  bool have_message = false;
  if (c.eat('}')) return false;
  do {
    const std::string_view key = c.string_token();
    if (key.empty() || !c.eat(':')) return false;
    c.ws();
    if (key == "\"@timestamp\"" || key == "\"level\"" || key == "\"message\"") {
      const std::string_view tok = c.string_token();
      if (tok.empty()) return false;
      const std::string_view value = go_unquote(tok, ctx.arena);
      if (key == "\"level\"") {
        have_level = parse_level(value, rec.status);
      } else if (key == "\"message\"") {
        rec.message = value;
        have_message = true;
      } else {
        std::size_t used = 0;
        std::int64_t ms = 0;
        have_time = parse_rfc3339(value, ms, used) && used == value.size();
        if (have_time) rec.timestamp_ms = ms;
      }
    } else if (!c.skip_value()) {
      return false;
    }
  } while (c.eat(','));
  if (!c.eat('}') || !have_level || !have_message) return false;
  c.ws();
  if (c.pos != line.size()) return false;
  // Without a usable @timestamp the record keeps the caller's time (timestamp untouched).
  (void)have_time;
  rec.format = LogFormat::kLogstashModule;
  return true;
}

}  // namespace

bool parse_rfc3339(std::string_view text, std::int64_t& ms, std::size_t& consumed) noexcept {
  CivilTime t;
  std::size_t pos = 0;
  if (!read_iso_local(text, 0, t, pos) || pos >= text.size()) return false;
  std::int64_t offset = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int h = 0;
    int m = 0;
    if (!read_digits(text, pos + 1, 2, h) || !has_at(text, pos + 3, ":") ||
        !read_digits(text, pos + 4, 2, m) || h > 23 || m > 59) {
      return false;
    }
    offset = (h * 3600 + m * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return false;
  }
  ms = to_epoch_ms(t) - offset * 1000;
  consumed = pos;
  return true;
}

bool read_logstash(std::string_view line, const LineContext& ctx, Record& rec) {
  return read_pseudo(line, ctx, rec) || read_module_json(line, ctx, rec);
}

}  // namespace kcheck::logs
