#include "number.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>

#include "char_class.hpp"

namespace kcheck::parse {
namespace {

// Whether a decimal token that from_chars found out of double range is an overflow (its
// magnitude is at least 1) rather than an underflow. `token` is digits, '.', and an exponent,
// as from_chars consumed it whole. Counts stay saturated so that no length or exponent of a
// hostile token can wrap them.
bool overflows(std::string_view token) noexcept {
  constexpr std::int64_t kCap = std::int64_t{1} << 40;
  std::int64_t int_digits = 0;  // integer digits from the first non-zero one
  std::int64_t lead_zeros = 0;  // zeros after the point before the first non-zero digit
  bool seen_nonzero = false;
  bool fraction = false;
  std::size_t i = 0;
  for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
    const char c = token[i];
    if (c == '.') {
      fraction = true;
    } else if (!seen_nonzero && c == '0') {
      if (fraction && lead_zeros < kCap) ++lead_zeros;
    } else if (!fraction) {
      seen_nonzero = true;
      if (int_digits < kCap) ++int_digits;
    } else {
      seen_nonzero = true;
    }
  }
  std::int64_t exponent = 0;
  bool negative = false;
  if (i < token.size()) {  // past 'e'
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) negative = token[i++] == '-';
    for (; i < token.size(); ++i) {
      if (exponent < kCap) exponent = exponent * 10 + (token[i] - '0');
    }
  }
  // The power of ten of the first non-zero digit, plus the exponent.
  const std::int64_t magnitude =
      (int_digits > 0 ? int_digits - 1 : -(lead_zeros + 1)) + (negative ? -exponent : exponent);
  return magnitude >= 0;
}

}  // namespace

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
  if (ptr != end) return false;
  if (ec == std::errc::result_out_of_range && allow_special) {
    // A value beyond double's range reads as Python's float() reads it in Datadog's check:
    // an infinity (which is then not submitted), or a zero that keeps its sign.
    v = overflows(token.substr(i)) ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (ec != std::errc()) {
    return false;
  }
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
