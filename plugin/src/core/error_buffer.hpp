// Error text into a caller-owned C buffer: the one way messages cross the ABI.
#pragma once

#include <cstddef>
#include <string_view>

namespace kcheck {

/// Writes `text` into buf[0..size) NUL-terminated, truncated on a UTF-8 character boundary
/// when it does not fit (text that is not UTF-8 is cut at most 3 bytes short of the size).
/// No-op when buf is null or size is 0. Never allocates.
void write_error_text(char* buf, std::size_t size, std::string_view text) noexcept;

}  // namespace kcheck
