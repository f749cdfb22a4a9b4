// Checks on raw configuration text made before YAML parsing, so that binary files, wrong
// encodings and oversized inputs get a plain message instead of a confusing YAML error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kcheck::config {

/// Largest configuration text accepted (one init_config, instance or conf.yaml).
inline constexpr std::size_t kMaxConfigBytes = std::size_t{1} << 20;

/// 1-based line and column (in code points) of a byte offset.
struct LineCol {
  std::size_t line = 1;
  std::size_t col = 1;
};
LineCol line_col(std::string_view text, std::size_t offset) noexcept;

/// Byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view s) noexcept;

/// "" when `text` can be configuration text; otherwise what is wrong with it, e.g.
/// `not valid UTF-8 at line 2 col 7 (byte 0xff)`.
std::string text_problem(std::string_view text);

/// True when `text` holds only whitespace and YAML comments.
bool is_blank_yaml(std::string_view text) noexcept;

}  // namespace kcheck::config
