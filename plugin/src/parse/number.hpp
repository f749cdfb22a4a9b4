// Number tokens of both formats, parsed with std::from_chars (locale-independent, exact).
// Grammar (OpenMetrics `number`, which is also what Prometheus' Go parser accepts minus hex):
//   [+-] ( digits [ "." digits* ] | "." digits ) [ (e|E) [+-] digits ]
//   [+-] ( inf | infinity )   "nan"        (the words case-insensitive, no sign on nan)
#pragma once

#include <cstdint>
#include <string_view>

namespace kcheck::parse {

/// Slow path of parse_number: signs, fractions, exponents and the special words.
bool parse_number_slow(std::string_view token, double* out, bool allow_special) noexcept;

/// Parses a whole token as a number (NaN and infinities allowed); false when it is not one.
inline bool parse_number(std::string_view token, double* out) noexcept {
  // Most sample values are short non-negative integers (bucket counts, gauges): they are
  // exact in a double up to 15 digits, so skip from_chars for them.
  if (!token.empty() && token.size() <= 15) {
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; i < token.size(); ++i) {
      const auto d = static_cast<unsigned>(static_cast<unsigned char>(token[i]) - '0');
      if (d > 9) break;
      v = v * 10 + d;
    }
    if (i == token.size()) {
      *out = static_cast<double>(v);
      return true;
    }
  }
  return parse_number_slow(token, out, /*allow_special=*/true);
}

/// Like parse_number but without NaN and infinities (OpenMetrics timestamps).
inline bool parse_real(std::string_view token, double* out) noexcept {
  return parse_number_slow(token, out, /*allow_special=*/false);
}

/// A 0.0.4 timestamp: an optionally signed decimal integer (milliseconds) that fits int64.
bool parse_int64(std::string_view token, std::int64_t* out) noexcept;

}  // namespace kcheck::parse
