// Picking series out of a snapshot: krakend.value's tag matching, krakend.health's status, and
// the series krakend.discovery lists.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kcheck/status.hpp"
#include "snapshot.hpp"

namespace kcheck::zabbix {

/// A series of either kind, as items see it: a service check's value is its status (0..3).
struct SeriesView {
  std::string_view name;
  const std::vector<std::string>* tags;  ///< never null
  double value;
};

/// Every metric and service check named `name`, in submission order.
std::vector<SeriesView> series_named(const Snapshot& snapshot, std::string_view name);

/// True when every tag of `wanted` is one of `tags` (exact `key:value` comparison).
bool has_tags(const std::vector<std::string>& tags, std::span<const std::string> wanted);

/// The value of the one series named `name` whose tags include every tag of `wanted`. Errors:
/// the scrape's own when it failed; none or several series matching, saying which tags tell
/// the matching ones apart.
Result<double> series_value(const Snapshot& snapshot, std::string_view name,
                            std::span<const std::string> wanted);

/// krakend.health: the health service check's status (0 OK .. 3 UNKNOWN); without one
/// (enable_health_service_check: false), 0 when the scrape succeeded and 2 (CRITICAL) when not.
int health_status(const Snapshot& snapshot);

}  // namespace kcheck::zabbix
