#include "map/number_format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace kcheck::map {

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// Python's repr switches to exponent form outside [1e-4, 1e16).
constexpr int kMinFixedExponent = -4;
constexpr int kMaxFixedExponent = 16;

}  // namespace

void append_datadog_number(std::string& out, double value) {
  if (value == 0) {  // also -0: Datadog canonicalises both to the integer 0
    out.push_back('0');
    return;
  }
  if (std::isnan(value)) {
    out.append("nan");
    return;
  }
  if (std::isinf(value)) {
    out.append(value > 0 ? "inf" : "-inf");
    return;
  }
  // Shortest round-trip digits in scientific form, e.g. "-1.048576e+06", "1e-05".
  std::array<char, 64> buf{};
  const auto res =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
  const std::string_view sci(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
  const std::size_t e_pos = sci.find('e');
  int exponent = 0;
  std::from_chars(sci.data() + e_pos + (sci[e_pos + 1] == '+' ? 2 : 1), sci.data() + sci.size(),
                  exponent);
  if (exponent < kMinFixedExponent || exponent >= kMaxFixedExponent) {
    out.append(sci);
    return;
  }
  // Fixed notation from the same digits: d1[.d2...dn] x 10^exponent.
  std::string_view mantissa = sci.substr(0, e_pos);
  if (mantissa.front() == '-') {
    out.push_back('-');
    mantissa.remove_prefix(1);
  }
  std::array<char, 32> digits{};
  std::size_t n = 0;
  for (char c : mantissa) {
    if (c != '.') digits[n++] = c;
  }
  if (exponent < 0) {
    out.append("0.");
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out.append(digits.data(), n);
    return;
  }
  const auto int_digits = static_cast<std::size_t>(exponent) + 1;
  if (n <= int_digits) {
    out.append(digits.data(), n);
    out.append(int_digits - n, '0');
    out.append(".0");
  } else {
    out.append(digits.data(), int_digits);
    out.push_back('.');
    out.append(digits.data() + int_digits, n - int_digits);
  }
}

std::string format_datadog_number(double value) {
  std::string s;
  append_datadog_number(s, value);
  return s;
}

std::optional<double> parse_label_number(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  bool negative = false;
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (body.empty()) return std::nullopt;
  if (iequals(body, "inf") || iequals(body, "infinity")) {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  if (iequals(body, "nan")) return std::nan("");
  // from_chars accepts no sign of its own besides '-', and also "inf"/"nan" which we handled.
  if (body.front() != '.' && (body.front() < '0' || body.front() > '9')) return std::nullopt;
  double v = 0;
  const auto res = std::from_chars(body.data(), body.data() + body.size(), v);
  if (res.ec != std::errc() || res.ptr != body.data() + body.size()) return std::nullopt;
  return negative ? -v : v;
}

}  // namespace kcheck::map
