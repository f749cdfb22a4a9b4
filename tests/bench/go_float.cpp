// Go's shortest 'g' float spelling, which the exporter uses for values and bounds.
#include "go_float.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace kcheck::bench {

std::string go_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string_view s(buf, static_cast<std::size_t>(sci.ptr - buf));
  const std::string_view exp_text = s.substr(s.find('e') + 1);
  int exp = 0;
  std::from_chars(exp_text.data() + (exp_text[0] == '+' ? 1 : 0), exp_text.data() + exp_text.size(),
                  exp);
  // Go's 'g' with shortest digits switches to the exponent form below 1e-4 and from 1e6.
  if (exp < -4 || exp >= 6) return std::string(s);
  const auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

}  // namespace kcheck::bench
