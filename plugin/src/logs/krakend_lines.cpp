// KrakenD's own line formats: Lura's BasicLogger, gologging's default pattern and the body
// gologging sends to syslog.
#include <cstring>

#include "logs/formats.hpp"
#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

/// The word of capitals at `pos`.
std::string_view upper_word(std::string_view s, std::size_t pos) noexcept {
  std::size_t end = pos;
  while (end < s.size() && is_upper(s[end])) ++end;
  return s.substr(pos, end - pos);
}

/// What follows `LEVEL` + `sep` at `pos`: the message, or false when the level is unknown.
bool read_level_then(std::string_view line, std::size_t pos, std::string_view sep,
                     Record& rec) noexcept {
  const std::string_view word = upper_word(line, pos);
  if (!parse_level(word, rec.status)) return false;
  pos += word.size();
  // `KRAKEND INFO:` with no arguments ends at the colon: no space follows.
  if (line.substr(pos) == sep.substr(0, sep.size() - 1)) {
    rec.message = {};
    return true;
  }
  if (!has_at(line, pos, sep)) return false;
  rec.message = line.substr(pos + sep.size());
  return true;
}

// "▶" (U+25B6), which gologging's default pattern puts before the level.
constexpr std::string_view kArrow = "\xE2\x96\xB6";
// `2006/01/02 - 15:04:05.000`
constexpr std::size_t kStampSize = 25;

}  // namespace

bool parse_level(std::string_view word, Severity& out) noexcept {
  struct Level {
    std::string_view name;
    Severity severity;
  };
  static constexpr Level kLevels[] = {
      {"DEBUG", Severity::kDebug},     {"INFO", Severity::kInfo},
      {"NOTICE", Severity::kNotice},   {"WARNING", Severity::kWarning},
      {"WARNIN", Severity::kWarning},  {"WARN", Severity::kWarning},
      {"ERROR", Severity::kError},     {"CRITICAL", Severity::kCritical},
      {"CRITIC", Severity::kCritical}, {"FATAL", Severity::kCritical},
      {"PANIC", Severity::kCritical},
  };
  for (const Level& l : kLevels) {
    if (word == l.name) {
      out = l.severity;
      return true;
    }
  }
  return false;
}

bool read_basic(std::string_view line, const LineContext& ctx, Record& rec) {
  // `2006/01/02 15:04:05 ` + prefix + ` ` + `LEVEL: ` + message; an empty prefix leaves two
  // spaces (Println puts one between every argument).
  CivilTime t;
  if (!read_slash_date(line, 0, t) || !has_at(line, 10, " ") || !read_clock(line, 11, t) ||
      !has_at(line, 19, " ") || !is_valid(t)) {
    return false;
  }
  std::size_t pos = 20;
  if (!has_at(line, pos, " ")) {
    while (pos < line.size() && line[pos] != ' ') ++pos;  // the prefix (KRAKEND)
    if (pos - 20 > 64 || pos >= line.size()) return false;
  }
  if (!read_level_then(line, pos + 1, ": ", rec)) return false;
  rec.format = LogFormat::kBasic;
  rec.timestamp_ms = ctx.tz.to_utc_ms(t);
  return true;
}

bool read_gologging(std::string_view line, const LineContext& ctx, Record& rec) {
  // `<prefix> 2006/01/02 - 15:04:05.000 <colour>▶ LEVEL<reset> message`: the prefix is the
  // user's (any text, often `[KRAKEND]`, maybe empty), so the line is read from the arrow back.
  const std::string_view head = line.substr(0, 256);
  const std::size_t arrow = head.find(kArrow);
  if (arrow == std::string_view::npos || arrow < kStampSize + 1) return false;
  std::size_t end = arrow;  // where the time's trailing space sits
  if (line[end - 1] == 'm') {
    const std::size_t esc = line.rfind('\x1b', end - 1);
    if (esc == std::string_view::npos || end - esc > 16 || skip_csi(line, esc) != end) return false;
    end = esc;
  }
  if (end < kStampSize + 1 || line[end - 1] != ' ') return false;
  const std::size_t at = end - 1 - kStampSize;
  CivilTime t;
  if (!read_slash_date(line, at, t) || !has_at(line, at + 10, " - ") ||
      !read_clock(line, at + 13, t) || !has_at(line, at + 21, ".") ||
      !read_digits(line, at + 22, 3, t.millis) || !is_valid(t)) {
    return false;
  }
  if (at > 0 && line[at - 1] != ' ') return false;
  std::size_t pos = arrow + kArrow.size();
  if (!has_at(line, pos, " ")) return false;
  const std::string_view word = upper_word(line, pos + 1);
  if (!parse_level(word, rec.status)) return false;
  pos = skip_csi(line, pos + 1 + word.size());
  if (pos < line.size() && line[pos] != ' ') return false;
  rec.message = pos < line.size() ? line.substr(pos + 1) : std::string_view();
  rec.format = LogFormat::kGologging;
  rec.timestamp_ms = ctx.tz.to_utc_ms(t);
  return true;
}

bool read_syslog_body(std::string_view line, Record& rec) {
  if (!read_level_then(line, 0, " > ", rec)) return false;
  rec.format = LogFormat::kSyslog;
  return true;
}

}  // namespace kcheck::logs
