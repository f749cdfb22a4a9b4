#include "config/text_checks.hpp"

#include <cstdint>
#include <cstdio>

namespace kcheck::config {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF included, as in RFC 3629).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  std::uint8_t lo = 0x80;
  std::uint8_t hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned>(c));
  return buf;
}

}  // namespace

LineCol line_col(std::string_view text, std::size_t offset) noexcept {
  LineCol lc;
  if (offset > text.size()) offset = text.size();
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++lc.line;
      lc.col = 1;
    } else if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++lc.col;
    }
  }
  return lc;
}

std::size_t find_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string text_problem(std::string_view text) {
  if (text.size() > kMaxConfigBytes) {
    return "configuration text is larger than " + std::to_string(kMaxConfigBytes) + " bytes";
  }
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    const LineCol lc = line_col(text, bad);
    return "not valid UTF-8 at line " + std::to_string(lc.line) + " col " + std::to_string(lc.col) +
           " (byte " + hex_byte(static_cast<unsigned char>(text[bad])) + ")";
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // YAML allows only tab, LF and CR among the C0 controls, and never DEL.
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      const LineCol lc = line_col(text, i);
      return "not a text file: control character " + hex_byte(c) + " at line " +
             std::to_string(lc.line) + " col " + std::to_string(lc.col);
    }
  }
  return {};
}

bool is_blank_yaml(std::string_view text) noexcept {
  bool in_comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_comment) {
      if (c == '\n' || c == '\r') in_comment = false;
      continue;
    }
    if (c == '#') {
      in_comment = true;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      // A UTF-8 byte order mark is not content either.
      if (i == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        i += 2;
        continue;
      }
      return false;
    }
  }
  return true;
}

}  // namespace kcheck::config
