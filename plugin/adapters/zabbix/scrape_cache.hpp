// The per-process scrape cache. A template reads many items of one target at about the same
// time (the master item, discovery, health, krakend.value prototypes): one scrape answers them
// all for the target's cache_seconds. Each agent process (listener, active-check collector) has
// its own cache, created in that process on its first item call: nothing is shared across the
// agent's fork, and no thread is ever started.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "config/config.hpp"
#include "snapshot.hpp"
#include "target.hpp"

namespace kcheck::zabbix {

using Clock = std::chrono::steady_clock;

/// Time a scrape may take within an item call: the agent's item timeout less 0.5 s for
/// parsing, mapping and answering, and at least 80 % of it. Zabbix 6.0 does not enforce its
/// Timeout on module items: the module bounds itself.
std::chrono::milliseconds scrape_budget(std::chrono::seconds item_timeout);

/// Caps `timeout`, `connect_timeout` and `read_timeout` at `budget` (the configured values
/// stay when they are shorter).
void bound_timeouts(config::HttpOptions& http, std::chrono::milliseconds budget);

/// One scrape: a Check built from the target's configuration with its timeouts bounded by
/// `budget`, run once into a Snapshot, its connection closed. Never throws. When the run fails
/// the snapshot keeps only the service checks (the health check says why).
Snapshot scrape(const Target& target, std::chrono::milliseconds budget);

class ScrapeCache {
 public:
  using Scraper = std::function<Snapshot(const Target&)>;
  using Now = std::function<Clock::time_point()>;

  /// Targets kept at once (distinct URLs or instance names); beyond it the entry closest to
  /// expiry is dropped. Expired entries are dropped on every get().
  static constexpr std::size_t kMaxTargets = 64;

  explicit ScrapeCache(Now now = &Clock::now) : now_(std::move(now)) {}

  /// The target's snapshot: the cached one while younger than target.cache_ttl and scraped
  /// with the same configuration, else a new one from `scraper` (kept unless the ttl is 0).
  /// Failed scrapes are cached too: an unreachable endpoint is not retried by every item.
  std::shared_ptr<const Snapshot> get(const Target& target, const Scraper& scraper);

  std::size_t size() const;
  void clear();

 private:
  struct Entry {
    std::string config_texts;
    std::shared_ptr<const Snapshot> snapshot;
    Clock::time_point expires;
  };

  Now now_;
  mutable std::mutex mutex_;  ///< agent processes are single-threaded; cheap insurance
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace kcheck::zabbix
