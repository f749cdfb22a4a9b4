#include "number.hpp"

#include <charconv>
#include <limits>
#include <system_error>

#include "char_class.hpp"

namespace kcheck::parse {
bool parse_number_slow(std::string_view token, double* out, bool allow_special) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (!token.empty() && (token[0] == '+' || token[0] == '-')) {
    negative = token[0] == '-';
    i = 1;
  }
  if (i >= token.size()) return false;
  const char first = token[i];
  const bool digit_or_dot = (first >= '0' && first <= '9') || first == '.';
  if (!digit_or_dot) {
    // from_chars would take "nan(...)" and signed NaN; the grammar allows neither.
    if (!allow_special) return false;
    const std::string_view word = token.substr(i);
    if (equals_ignore_case(word, "inf") || equals_ignore_case(word, "infinity")) {
      *out = negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
      return true;
    }
    if (i == 0 && equals_ignore_case(word, "nan")) {
      *out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    return false;
  }
  // With the sign consumed, from_chars sees only digits, '.', and an exponent; requiring it
  // to consume the whole token rejects "1e", "1.2.3", "0x1", "1_000" and trailing junk.
  double v = 0;
  const char* const end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data() + i, end, v, std::chars_format::general);
  if (ec != std::errc() || ptr != end) return false;
  *out = negative ? -v : v;
  return true;
}

bool parse_int64(std::string_view token, std::int64_t* out) noexcept {
  std::size_t i = 0;
  if (!token.empty() && token[0] == '+') i = 1;  // from_chars takes '-' but not '+'
  // One sign at most: "+-5" and "++5" are not numbers.
  if (i >= token.size() || (i == 1 && (token[i] == '+' || token[i] == '-'))) return false;
  std::int64_t v = 0;
  const char* const end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data() + i, end, v);
  if (ec != std::errc() || ptr != end) return false;
  *out = v;
  return true;
}

}  // namespace kcheck::parse
