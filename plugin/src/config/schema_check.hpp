// JSON Schema (draft-04, RapidJSON's validator) validation with human error messages: the
// validator's keyword and pointers are translated into `<key path>: expected ..., got ...`.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "config/key_path.hpp"
#include "kcheck/status.hpp"

namespace kcheck::config {

/// Validates `doc` against the schema in `schema_text`. The first violation (in document
/// order) becomes a kInvalidArgument message; a broken schema is kInternal.
Status validate_against_schema(const rapidjson::Value& doc, std::string_view schema_text,
                               const PathRoot& root);

}  // namespace kcheck::config
