// Histogram bucket bounds as tag values, for hosts without a bucket submission of their own
// (collectd, Zabbix): "0.1", "1", "inf", "-inf".
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace kcheck::adapters {

/// Shortest round-trip text of a bound; infinities as "inf" / "-inf".
inline std::string bound_text(double bound) {
  if (std::isinf(bound)) return bound > 0 ? "inf" : "-inf";
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), bound);
  return std::string(buffer.data(), result.ptr);
}

}  // namespace kcheck::adapters
