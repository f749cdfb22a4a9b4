// Small byte-level helpers shared by the format readers. Everything takes a position and
// answers with a position (npos-free: a failed read leaves the caller's position alone).
#pragma once

#include <cstddef>
#include <string_view>

#include "logs/civil_time.hpp"
#include "logs/record.hpp"

namespace kcheck::logs {

inline bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

inline bool is_upper(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}

/// Exactly `n` digits at `pos` into `value`.
inline bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& value) noexcept {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  value = v;
  return true;
}

/// `text` at `pos` exactly.
inline bool has_at(std::string_view s, std::size_t pos, std::string_view text) noexcept {
  return pos <= s.size() && s.substr(pos, text.size()) == text;
}

inline std::size_t skip_spaces(std::string_view s, std::size_t pos) noexcept {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return pos;
}

/// Past one ANSI CSI sequence (`ESC [ params letter`) at `pos`, or `pos` when there is none.
inline std::size_t skip_csi(std::string_view s, std::size_t pos) noexcept {
  if (pos + 1 >= s.size() || s[pos] != '\x1b' || s[pos + 1] != '[') return pos;
  // Parameters and intermediates are 0x20..0x3F; a short bound keeps a stray ESC cheap.
  for (std::size_t i = pos + 2; i < s.size() && i < pos + 24; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x40 && c <= 0x7E) return i + 1;
    if (c < 0x20 || c > 0x3F) return pos;
  }
  return pos;
}

/// Past spaces and colour sequences, in any order.
inline std::size_t skip_spaces_and_csi(std::string_view s, std::size_t pos) noexcept {
  for (;;) {
    const std::size_t next = skip_csi(s, skip_spaces(s, pos));
    if (next == pos) return pos;
    pos = next;
  }
}

/// `YYYY/MM/DD` (Go's 2006/01/02).
inline bool read_slash_date(std::string_view s, std::size_t pos, CivilTime& t) noexcept {
  return pos + 10 <= s.size() && s[pos + 4] == '/' && s[pos + 7] == '/' &&
         read_digits(s, pos, 4, t.year) && read_digits(s, pos + 5, 2, t.month) &&
         read_digits(s, pos + 8, 2, t.day);
}

/// `HH:MM:SS`.
inline bool read_clock(std::string_view s, std::size_t pos, CivilTime& t) noexcept {
  return pos + 8 <= s.size() && s[pos + 2] == ':' && s[pos + 5] == ':' &&
         read_digits(s, pos, 2, t.hour) && read_digits(s, pos + 3, 2, t.minute) &&
         read_digits(s, pos + 6, 2, t.second);
}

/// A level word as KrakenD writes it: full names, go-logging's 6-letter cuts (`WARNIN`,
/// `CRITIC`) and Go's `FATAL`/`PANIC`; false for anything else.
bool parse_level(std::string_view word, Severity& out) noexcept;

}  // namespace kcheck::logs
