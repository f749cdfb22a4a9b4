// Byte classes of the exposition grammar as 256-entry tables: one load and one test per
// byte keeps the name scanners free of compare chains.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace kcheck::parse {

enum CharClass : std::uint8_t {
  kMetricStart = 1 << 0,  ///< [a-zA-Z_:]
  kMetricChar = 1 << 1,   ///< [a-zA-Z0-9_:]
  kLabelStart = 1 << 2,   ///< [a-zA-Z_]
  kLabelChar = 1 << 3,    ///< [a-zA-Z0-9_]
  kBlank = 1 << 4,        ///< ' ' or '\t' (0.0.4 token separators)
  kValueEnd = 1 << 5,     ///< ' ', '\t', '\n': ends a value or timestamp token
};

constexpr std::array<std::uint8_t, 256> make_char_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    std::uint8_t v = 0;
    if (alpha || c == '_' || c == ':') v |= kMetricStart;
    if (alpha || digit || c == '_' || c == ':') v |= kMetricChar;
    if (alpha || c == '_') v |= kLabelStart;
    if (alpha || digit || c == '_') v |= kLabelChar;
    if (c == ' ' || c == '\t') v |= kBlank;
    if (c == ' ' || c == '\t' || c == '\n') v |= kValueEnd;
    t[static_cast<std::size_t>(c)] = v;
  }
  return t;
}

inline constexpr std::array<std::uint8_t, 256> kCharClasses = make_char_classes();

inline bool has_class(char c, CharClass cls) noexcept {
  return (kCharClasses[static_cast<unsigned char>(c)] & cls) != 0;
}

/// ASCII case-insensitive comparison of `s` with a lowercase word.
inline bool equals_ignore_case(std::string_view s, std::string_view lower_word) noexcept {
  if (s.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_word[i]) return false;
  }
  return true;
}

}  // namespace kcheck::parse
