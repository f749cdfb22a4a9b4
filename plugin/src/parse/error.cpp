// Rendering of parse errors. Line and column are derived from the byte offset only here, so
// the parser never pays for position tracking beyond a line counter.
#include <algorithm>
#include <cstdio>
#include <string>

#include "kcheck/parse.hpp"

namespace kcheck {
namespace {

constexpr std::size_t kSnippetBytes = 20;

// Escapes a few input bytes so that the message stays one printable line whatever the
// payload holds (control bytes, invalid UTF-8, quotes).
void append_snippet(std::string_view bytes, std::string* out) {
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out->append("\\n");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c == '\\' || c == '\'') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u >= 0x20 && u < 0x7f) {
      out->push_back(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out->append(hex);
    }
  }
}

// The message as it is, but for control bytes: a quoted name (Prometheus 3) that a message
// names may hold any of them, and the text must stay one printable line.
void append_message(std::string_view message, std::string* out) {
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out->push_back(c);
    } else {
      append_snippet(std::string_view(&c, 1), out);
    }
  }
}

}  // namespace

std::string ParseError::to_string(std::string_view input) const {
  const std::size_t at = std::min(offset, input.size());
  const std::string_view before = input.substr(0, at);
  const auto line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  std::string out =
      "line " + std::to_string(line) + " col " + std::to_string(at - line_start + 1) + ": ";
  append_message(message, &out);
  if (at >= input.size()) {
    out.append(" at end of input");
    return out;
  }
  // The snippet stops after the first newline: the rest belongs to the next line.
  std::string_view snippet = input.substr(at, kSnippetBytes);
  const std::size_t nl = snippet.find('\n');
  if (nl != std::string_view::npos) snippet = snippet.substr(0, nl + 1);
  out.append(" near '");
  append_snippet(snippet, &out);
  out.push_back('\'');
  return out;
}

}  // namespace kcheck
