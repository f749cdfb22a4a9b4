#include "escape.hpp"

#include <cstdint>

namespace kcheck::parse {

void append_unescaped(std::string_view raw, bool quote, std::string* out) {
  std::size_t i = 0;
  while (i < raw.size()) {
    const std::size_t bs = raw.find('\\', i);
    if (bs == std::string_view::npos || bs + 1 >= raw.size()) {
      out->append(raw.substr(i));
      return;
    }
    out->append(raw.substr(i, bs - i));
    const char next = raw[bs + 1];
    if (next == '\\') {
      out->push_back('\\');
    } else if (next == 'n') {
      out->push_back('\n');
    } else if (next == '"' && quote) {
      out->push_back('"');
    } else {
      out->push_back('\\');
      out->push_back(next);
    }
    i = bs + 2;
  }
}

bool is_valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* const end = p + s.size();
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
      min = 0x10000;
    } else {
      return false;  // continuation byte first, C0/C1 overlong lead, or F5..FF
    }
    if (static_cast<std::size_t>(end - p) < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned cc = p[k];
      if ((cc & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += len;
  }
  return true;
}

std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  }
  return n;
}

}  // namespace kcheck::parse
