// Minimal JSON text building for the configuration handed to the core (no DOM needed).
#pragma once

#include <string>
#include <string_view>

namespace kcheck::collectd {

/// Appends `text` as a JSON string literal (quoted, escaped; bytes >= 0x80 pass through).
void append_json_string(std::string& out, std::string_view text);

/// Appends a finite number: integral values without a fraction ("10", not "10.0"), others in
/// shortest round-trip form. Returns false (and appends nothing) for NaN or infinity.
bool append_json_number(std::string& out, double value);

}  // namespace kcheck::collectd
