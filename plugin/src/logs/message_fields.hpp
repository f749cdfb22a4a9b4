// What KrakenD's messages say beyond their text: the component tag in front
// (`[ENDPOINT: /x]`, `[CB]`), the error they report and its kind.
#pragma once

#include <string_view>

#include "logs/record.hpp"

namespace kcheck::logs {

/// Sets component/component_value from a leading `[NAME: value]` or `[NAME]` tag and, for
/// records at error level or above, error_message (the text after the tags and any
/// `Error #N: `) and error_kind.
void read_message_fields(Record& rec) noexcept;

/// `error.kind` of an error text: timeout, canceled, invalid_status, circuit_open or other.
ErrorKind classify_error(std::string_view text) noexcept;

/// The JSON key (`endpoint`, `backend`, `service`, `plugin`) under `krakend` for a
/// component's value; empty for components that carry none.
std::string_view component_value_key(std::string_view component) noexcept;

}  // namespace kcheck::logs
