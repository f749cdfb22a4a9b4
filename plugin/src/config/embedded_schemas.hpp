// The JSON Schemas of schemas/, compiled into the library (see embed_schemas.cmake), so
// validation at run time uses exactly the files in the repository and needs no data files.
#pragma once

#include <string_view>

namespace kcheck::config {

/// schemas/instance.json, verbatim.
std::string_view instance_schema_text() noexcept;

/// schemas/init_config.json, verbatim.
std::string_view init_config_schema_text() noexcept;

}  // namespace kcheck::config
