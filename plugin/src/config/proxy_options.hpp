// The proxy options of Datadog's HTTP wrapper: `proxy`, `skip_proxy`, `use_agent_proxy`.
#pragma once

#include <rapidjson/document.h>

#include "config/config.hpp"
#include "config/key_path.hpp"

namespace kcheck::config {

/// Fills http.proxy / skip_proxy / use_agent_proxy from the instance, else init_config (as
/// Datadog does: the whole `proxy` mapping of one of them, never a merge). Refuses proxy URLs
/// other than http:// naming the key.
Status read_proxy_options(const rapidjson::Value& init, const rapidjson::Value& instance,
                          const PathRoot& init_root, const PathRoot& instance_root,
                          HttpOptions& http);

}  // namespace kcheck::config
