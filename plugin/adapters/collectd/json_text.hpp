// Minimal JSON text building for the configuration handed to the core (no DOM needed).
#pragma once

#include <string>
#include <string_view>

#include "config/key_path.hpp"

namespace kcheck::collectd {

/// Appends `text` as a JSON string literal: the config layer's escaping, shared with its
/// error messages.
using config::append_json_string;

/// Appends a finite number: integral values without a fraction ("10", not "10.0"), others in
/// shortest round-trip form. Returns false (and appends nothing) for NaN or infinity.
bool append_json_number(std::string& out, double value);

}  // namespace kcheck::collectd
