#include "logs/go_quote.hpp"

#include <cstring>

namespace kcheck::logs {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// `n` hex digits at `pos`; false when any is not one.
bool read_hex(std::string_view s, std::size_t pos, std::size_t n, unsigned long& v) noexcept {
  if (pos + n > s.size()) return false;
  v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int h = hex_value(s[pos + i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<unsigned long>(h);
  }
  return true;
}

char simple_escape(char c) noexcept {
  switch (c) {
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    case '\\':
    case '"':
    case '\'':
      return c;
    default:
      return 0;
  }
}

}  // namespace

std::size_t go_quoted_end(std::string_view s) noexcept {
  if (s.empty() || s.front() != '"') return 0;
  // memchr to each quote; it closes the string unless an odd run of backslashes escapes it.
  std::size_t pos = 1;
  for (;;) {
    const void* q = std::memchr(s.data() + pos, '"', s.size() - pos);
    if (q == nullptr) return 0;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(q) - s.data());
    std::size_t slashes = 0;
    while (at - slashes > 1 && s[at - slashes - 1] == '\\') ++slashes;
    if (slashes % 2 == 0) return at + 1;
    pos = at + 1;
  }
}

void put_utf8(ArenaWriter& out, unsigned long cp) noexcept {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  char buf[4];
  std::size_t n = 0;
  if (cp < 0x80) {
    buf[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  out.put(std::string_view(buf, n));
}

std::string_view go_unquote(std::string_view quoted, Arena& arena) noexcept {
  const std::string_view body = quoted.substr(1, quoted.size() - 2);
  if (body.find('\\') == std::string_view::npos) return body;
  ArenaWriter out(arena);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out.put(body[i]);
      continue;
    }
    const char e = body[i + 1];
    unsigned long v = 0;
    if (const char c = simple_escape(e); c != 0) {
      out.put(c);
      ++i;
    } else if (e == 'x' && read_hex(body, i + 2, 2, v)) {
      out.put(static_cast<char>(v));  // a raw byte: invalid UTF-8 stays invalid, as Go meant
      i += 3;
    } else if (e == 'u' && read_hex(body, i + 2, 4, v)) {
      put_utf8(out, v);
      i += 5;
    } else if (e == 'U' && read_hex(body, i + 2, 8, v)) {
      put_utf8(out, v);
      i += 9;
    } else {
      out.put(body[i]);
    }
  }
  return out.finish();
}

}  // namespace kcheck::logs
