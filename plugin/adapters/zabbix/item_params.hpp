// The module's item keys and their parameters, as the agent hands them over (split at commas,
// quotes removed): which item, which target, which series.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kcheck/status.hpp"

namespace kcheck::zabbix {

enum class ItemKind { kGet, kValue, kDiscovery, kHealth };

/// The item key without parameters: "krakend.get", "krakend.value", ...
std::string_view item_key(ItemKind kind) noexcept;

/// The parameters as documented, e.g. "[<target>,<metric name>,<tag>,...]", for messages.
std::string_view item_usage(ItemKind kind) noexcept;

/// One item call's parameters, checked.
struct ItemParams {
  std::string target;             ///< an http(s):// URL, or the name of a conf.yaml instance
  std::string metric;             ///< krakend.value and krakend.discovery only
  std::vector<std::string> tags;  ///< krakend.value only: `key:value` each; empty ones dropped
};

/// Checks the parameters of `kind`: a non-empty target first; for krakend.value a metric name
/// then any number of tags; for krakend.discovery a metric name. kInvalidArgument naming the
/// item and its usage otherwise.
Result<ItemParams> parse_item_params(ItemKind kind, std::span<const std::string_view> params);

}  // namespace kcheck::zabbix
