// Escape sequences and UTF-8 rules of label values and HELP text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kcheck::parse {

/// Appends `raw` to `out` with `\\` -> `\`, `\n` -> newline and, when `quote`, `\"` -> `"`.
/// Any other backslash sequence is kept verbatim, as Prometheus and the OpenMetrics
/// reference parser do (`a{x="\z"}` has the value `\z`).
void append_unescaped(std::string_view raw, bool quote, std::string* out);

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

/// Number of code points of well-formed UTF-8 text (counts the non-continuation bytes).
std::size_t count_code_points(std::string_view s) noexcept;

}  // namespace kcheck::parse
