// One configured `<Instance>` of the collectd plugin: what its read callback owns.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "core/sink.hpp"
#include "logged_series.hpp"

namespace kcheck::collectd {

/// Created by the config callback, handed to collectd as user_data, freed by the daemon.
struct InstanceState {
  std::string name;                        ///< plugin_instance of every series
  std::unique_ptr<Check> check;            ///< never null
  std::vector<std::string> instance_tags;  ///< sorted: left out of series names
  bool series_map_log = false;             ///< hashed-name mappings at INFO instead of DEBUG

  // Touched only by this instance's read callback, which collectd never runs concurrently
  // with itself; run_mutex makes that an invariant rather than an assumption. Nothing else
  // lives from one read to the next: the sink and its buffers are made per read.
  std::mutex run_mutex;
  LoggedSeries logged_series;              ///< hashed-name mappings already logged, bounded
  std::optional<CheckStatus> last_health;  ///< for notifications on change
};

/// The tags the core puts on every series of this instance (as Check::send_health does):
/// the instance's `tags`, `service:<service>`, `endpoint:<url>` unless tag_by_endpoint is off.
std::vector<std::string> constant_tags(const config::InstanceConfig& config);

}  // namespace kcheck::collectd
