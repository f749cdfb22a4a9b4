// Validated JSON documents -> typed InstanceConfig: defaults, init_config fallbacks, unit
// conversions, and the checks JSON Schema draft-04 cannot express (URL host and port, regex
// syntax, header names, non-finite numbers).
#pragma once

#include <rapidjson/document.h>

#include "config/config.hpp"
#include "config/key_path.hpp"

namespace kcheck::config {

/// Builds the typed configuration. `init` and `instance` are mappings that already passed
/// their schemas; `init_root` / `instance_root` name them in messages.
Result<InstanceConfig> to_instance_config(const rapidjson::Value& init,
                                          const rapidjson::Value& instance,
                                          const PathRoot& init_root, const PathRoot& instance_root);

/// The value of a validated boolean option: a YAML boolean, 1/0, or true/false/yes/no/1/0 in
/// any case.
bool boolish_value(const rapidjson::Value& value) noexcept;

/// A validated string value as a view.
std::string_view json_string(const rapidjson::Value& value);

/// The member `key` of a mapping, or null (also when `object` is not a mapping).
const rapidjson::Value* json_member(const rapidjson::Value& object, const char* key);

}  // namespace kcheck::config
