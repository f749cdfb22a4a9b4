#include "json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace kcheck::collectd {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

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
