#include "core/error_buffer.hpp"

#include <cstring>

namespace kcheck {

void write_error_text(char* buf, std::size_t size, std::string_view text) noexcept {
  if (buf == nullptr || size == 0) return;
  std::size_t n = text.size() < size - 1 ? text.size() : size - 1;
  if (n < text.size()) {
    // Cutting inside a multi-byte sequence would hand the host invalid UTF-8: back up to
    // the first byte of the character that did not fit (continuation bytes are 10xxxxxx).
    // A character has at most 3 of them: text that is not UTF-8 loses no more than that.
    const std::size_t floor = n > 3 ? n - 3 : 0;
    while (n > floor && (static_cast<unsigned char>(text[n]) & 0xC0u) == 0x80u) --n;
  }
  if (n > 0) std::memcpy(buf, text.data(), n);
  buf[n] = '\0';
}

}  // namespace kcheck
