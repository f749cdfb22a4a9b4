// What an item's first parameter names: an endpoint URL, checked with the defaults and no file,
// or an instance of the module's conf.yaml found by its `name:`. Resolved on every item call,
// so that an edited file counts at once and a bad one is an item error, never an agent exit.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "kcheck/status.hpp"

namespace kcheck::zabbix {

/// The environment variable naming the module's conf.yaml, and its default.
inline constexpr char kConfPathVariable[] = "KCHECK_ZABBIX_CONF";
inline constexpr char kDefaultConfPath[] = "/etc/zabbix/krakend.yaml";

/// Adapter-only key, in an instance or in init_config: how long one scrape answers the items of
/// that target. Removed before the core sees the configuration.
inline constexpr std::string_view kCacheSecondsKey = "cache_seconds";
inline constexpr std::chrono::seconds kDefaultCacheTtl{10};
inline constexpr int kMaxCacheSeconds = 3600;

/// Largest conf.yaml read: a configuration, not a data file.
inline constexpr std::size_t kMaxConfBytes = 1 << 20;

/// A resolved and validated target.
struct Target {
  std::string key;           ///< the item parameter itself: the scrape cache's key
  std::string config_texts;  ///< init_config + instance as given to the core: a changed
                             ///< configuration is a different scrape
  config::InstanceConfig config;
  std::chrono::milliseconds cache_ttl = kDefaultCacheTtl;
};

/// True when `target` starts with http:// or https:// (any case): a URL, not an instance name.
bool is_url_target(std::string_view target) noexcept;

/// A URL used as openmetrics_endpoint with every other option at its default.
Result<Target> url_target(std::string_view url);

/// The instance of `conf_text` (read from `conf_path`, which only appears in messages) whose
/// `name:` is `name`. Errors start with the path and name the key: no such instance, two with
/// that name, a bad cache_seconds, anything the core rejects.
Result<Target> named_target(std::string_view name, std::string_view conf_path,
                            std::string_view conf_text);

/// url_target or named_target, reading `conf_path` for a name ("cannot read <path>: ..." when
/// it is missing or unreadable).
Result<Target> resolve_target(std::string_view target, const std::string& conf_path);

}  // namespace kcheck::zabbix
