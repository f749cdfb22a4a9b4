// Minimal JSON output helpers for the host-stub's --format json lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kcheck::stub {

/// Appends `s` as a JSON string (quoted, escaped); invalid UTF-8 becomes U+FFFD so that
/// every line stays valid JSON whatever a plugin submits.
void append_json_string(std::string& out, std::string_view s);

/// Appends a double with round-trip precision (std::to_chars, shortest form). JSON has no
/// NaN or infinity: those are written as the strings "nan", "inf", "-inf".
void append_json_number(std::string& out, double value);

/// Appends an integer.
void append_json_int(std::string& out, std::int64_t value);

/// Appends `true` or `false`.
inline void append_json_bool(std::string& out, bool value) {
  out += value ? "true" : "false";
}

}  // namespace kcheck::stub
