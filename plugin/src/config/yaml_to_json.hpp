// YAML (and therefore JSON) text -> RapidJSON document, so one JSON Schema validates both.
// Scalars follow the YAML 1.2 core schema: plain true/false/null and numbers become JSON
// booleans, null and numbers; quoted scalars stay strings. Duplicate keys, unknown tags,
// alias explosions and excessive nesting are rejected with the key path.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "config/key_path.hpp"
#include "kcheck/status.hpp"

namespace kcheck::config {

/// Deepest nesting of mappings and lists accepted.
inline constexpr int kMaxNestingDepth = 64;

/// Most values (after expanding aliases) one configuration text may produce.
inline constexpr int kMaxValueCount = 100'000;

/// Parses exactly one YAML document from `text` into `out`. Blank text (only whitespace and
/// comments) gives a null document. Errors are kInvalidArgument `<path>: <what>`.
Status yaml_to_json(std::string_view text, const PathRoot& root, rapidjson::Document& out);

}  // namespace kcheck::config
