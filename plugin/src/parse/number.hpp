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

/// Powers of ten that a double holds exactly.
inline constexpr double kExactPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// Parses a whole token as a number (NaN and infinities allowed); false when it is not one.
/// A value beyond double's range is an infinity; one too small for it, a zero with its sign.
inline bool parse_number(std::string_view token, double* out) noexcept {
  // Most sample values and bounds are short plain decimals: "0", "17", "0.075", "-1.5".
  // With at most 15 digits the digits make an integer a double holds exactly, and one
  // division by an exact power of ten is then correctly rounded, the same double
  // from_chars gives (Clinger's fast path). Everything else takes from_chars.
  if (!token.empty() && token.size() <= 16) {
    std::size_t i = token[0] == '-' ? 1 : 0;
    std::uint64_t v = 0;
    std::size_t digits = 0;
    std::size_t point = token.size();
    for (; i < token.size(); ++i) {
      const auto d = static_cast<unsigned>(static_cast<unsigned char>(token[i]) - '0');
      if (d <= 9) {
        v = v * 10 + d;
        ++digits;
      } else if (token[i] == '.' && point == token.size()) {
        point = i;
      } else {
        break;
      }
    }
    if (i == token.size() && digits != 0 && digits <= 15) {
      const std::size_t fraction = point == token.size() ? 0 : token.size() - point - 1;
      const double magnitude = static_cast<double>(v) / kExactPow10[fraction];
      *out = token[0] == '-' ? -magnitude : magnitude;
      return true;
    }
  }
  return parse_number_slow(token, out, /*allow_special=*/true);
}

/// Like parse_number but without NaN and infinities (OpenMetrics timestamps): a value
/// beyond double's range, in either direction, is no real number either.
inline bool parse_real(std::string_view token, double* out) noexcept {
  return parse_number_slow(token, out, /*allow_special=*/false);
}

/// A 0.0.4 timestamp: an optionally signed decimal integer (milliseconds) that fits int64.
bool parse_int64(std::string_view token, std::int64_t* out) noexcept;

}  // namespace kcheck::parse
