#include "logs/wrapper.hpp"

#include "logs/formats.hpp"
#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-' ||
         c == '.';
}

/// docker compose: `service_1   | ` (v1) or `service-1  | ` (v2), name then padding.
std::size_t compose_prefix(std::string_view s) noexcept {
  std::size_t p = 0;
  while (p < s.size() && p < 128 && is_name_char(s[p])) ++p;
  if (p == 0 || p >= s.size() || s[p] != ' ') return 0;
  p = skip_spaces(s, p);
  return has_at(s, p, "| ") ? p + 2 : (has_at(s, p, "|") && p + 1 == s.size() ? p + 1 : 0);
}

/// `Jan 17 11:24:25` / `Jan  7 11:24:25` (RFC 3164), read in `tz`, the year from `now_ms`.
bool bsd_stamp(std::string_view s, std::size_t pos, const TimeZone& tz, std::int64_t now_ms,
               std::int64_t& ms) noexcept {
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (pos + 15 > s.size() || s[pos + 3] != ' ' || s[pos + 6] != ' ') return false;
  const std::size_t m = kMonths.find(s.substr(pos, 3));
  if (m == std::string_view::npos || m % 3 != 0) return false;
  CivilTime t;
  t.month = static_cast<int>(m / 3) + 1;
  const char d0 = s[pos + 4];
  if (!is_digit(s[pos + 5]) || !(d0 == ' ' || is_digit(d0))) return false;
  t.day = (d0 == ' ' ? 0 : (d0 - '0') * 10) + (s[pos + 5] - '0');
  if (!read_clock(s, pos + 7, t)) return false;
  t.year = from_epoch_ms(now_ms + tz.offset_at(now_ms / 1000) * std::int64_t{1000}).year;
  if (!is_valid(t)) {
    t.year -= 1;  // Feb 29 of last year read in a non-leap year
    if (!is_valid(t)) return false;
  }
  ms = tz.to_utc_ms(t);
  if (ms > now_ms + kDayMs) {  // December's lines read in January
    t.year -= 1;
    if (!is_valid(t)) return false;
    ms = tz.to_utc_ms(t);
  }
  return true;
}

/// ` host tag: ` / ` host tag[pid]: ` / ` host [KRAKEND][pid]: ` at `pos`; past it or 0.
std::size_t host_and_tag(std::string_view s, std::size_t pos) noexcept {
  if (!has_at(s, pos, " ")) return 0;
  std::size_t p = pos + 1;
  const std::size_t host = p;
  while (p < s.size() && p - host < 256 && s[p] != ' ') ++p;
  if (p == host || !has_at(s, p, " ")) return 0;
  const std::size_t tag = ++p;
  while (p < s.size() && p - tag < 128 && s[p] != ' ' && s[p] != ':') ++p;
  if (p == tag || !has_at(s, p, ": ")) return 0;
  return p + 2;
}

}  // namespace

Unwrapped unwrap(std::string_view line, const TimeZone& tz, std::int64_t now_ms) noexcept {
  Unwrapped u{line};
  if (line.empty()) return u;
  const char c = line.front();
  std::size_t pos = 0;
  if (c == '<') {  // <PRI> of a raw syslog message
    std::size_t p = 1;
    while (p < line.size() && p < 5 && is_digit(line[p])) ++p;
    if (p > 1 && has_at(line, p, ">")) pos = p + 1;
  }
  std::int64_t ms = 0;
  std::size_t used = 0;
  if (pos >= line.size()) return u;
  if (is_upper(line[pos]) && bsd_stamp(line, pos, tz, now_ms, ms)) {
    if (const std::size_t body = host_and_tag(line, pos + 15)) {
      return {line.substr(body), true, ms};
    }
  } else if (is_digit(line[pos]) && pos + 20 < line.size() && line[pos + 4] == '-' &&
             parse_rfc3339(line.substr(pos), ms, used) && has_at(line, pos + used, " ")) {
    if (const std::size_t body = host_and_tag(line, pos + used)) {
      return {line.substr(body), true, ms};
    }
    return {line.substr(pos + used + 1), true, ms};  // docker/kubectl logs --timestamps
  }
  if (const std::size_t body = compose_prefix(line)) u.body = line.substr(body);
  return u;
}

}  // namespace kcheck::logs
