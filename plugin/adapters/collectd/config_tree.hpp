// collectd's `<Plugin krakend>` block -> the core's configuration texts (JSON).
//
// The block is first copied out of collectd's oconfig_item_t tree into ConfigItem (plugin.cpp),
// so that this translation is plain C++ and testable without the daemon.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kcheck/status.hpp"

namespace kcheck::collectd {

/// One value of a config line: a quoted string, a number, or an unquoted true/false.
using ConfigValue = std::variant<std::string, double, bool>;

/// One line (`Key value...`) or block (`<Key value...> children </Key>`) of collectd.conf.
struct ConfigItem {
  std::string key;
  std::vector<ConfigValue> values;
  std::vector<ConfigItem> children;
};

/// One `<Instance "name">` block, translated.
struct InstanceBlock {
  std::string name;                        ///< the block's name: the series' plugin_instance
  std::string instance_json;               ///< what Check::create reads as the instance
  std::optional<double> interval_seconds;  ///< `Interval` (adapter-only); else collectd's own
};

/// The whole `<Plugin krakend>` block, translated.
struct PluginConfig {
  std::string init_config_json;  ///< options outside any <Instance>, as init_config
  std::vector<InstanceBlock> instances;
  bool series_map_log = false;  ///< `SeriesMapLog true`: log hashed series names at INFO
  bool strict_config = false;   ///< `StrictConfig true`: a rejected instance fails collectd's start
};

/// Translates a `<Plugin krakend>` block. Keys match conf.yaml keys case-insensitively with
/// underscores optional (`OpenmetricsEndpoint`, `openmetrics_endpoint`); the mapping is in
/// docs/agents.md. Option values are not validated here: the core does that, naming the key.
/// Errors (kInvalidArgument) name the collectd key, e.g. `Instance: expected one name`.
Result<PluginConfig> translate_plugin_block(const ConfigItem& plugin_block);

/// True when the block sets `StrictConfig true` (read before translating, so that even a
/// block that does not translate honours it).
bool strict_config_requested(const ConfigItem& plugin_block);

/// The conf.yaml spelling of a collectd key: the known option it matches, else the key with
/// CamelCase turned into snake_case (`FooBar` -> `foo_bar`) so the core's error names it.
std::string conf_yaml_key(std::string_view collectd_key);

}  // namespace kcheck::collectd
