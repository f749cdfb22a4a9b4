#include "json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace kcheck::collectd {

bool append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) return false;
  std::array<char, 32> buffer{};
  // Shortest round-trip form: 10.0 prints "10", 0.5 prints "0.5", 1e21 prints "1e+21", all
  // valid JSON numbers, never locale-dependent.
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
  return true;
}

}  // namespace kcheck::collectd
