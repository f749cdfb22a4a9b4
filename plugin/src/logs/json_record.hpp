// A Record as one JSON object with Datadog's standard attribute names, nested for the
// dotted ones (`{"http":{"status_code":500}}`), so that Datadog reads it with no pipeline.
#pragma once

#include <string>
#include <string_view>

#include "logs/record.hpp"

namespace kcheck::logs {

/// Appends the record's JSON object (no newline). Absent fields are left out; the output is
/// valid UTF-8 whatever the input (invalid bytes become U+FFFD).
void append_record_json(std::string& out, const Record& rec);

/// Appends `text` as a JSON string: quoted, `"` `\` and control characters (and DEL)
/// escaped, invalid UTF-8 replaced by U+FFFD. Runs of plain bytes are copied whole.
void append_json_text(std::string& out, std::string_view text);

}  // namespace kcheck::logs
