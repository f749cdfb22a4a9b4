#include "scrape_cache.hpp"

#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "core/check.hpp"

namespace kcheck::zabbix {

namespace {
constexpr std::chrono::milliseconds kAnswerReserve{500};
}  // namespace

std::chrono::milliseconds scrape_budget(std::chrono::seconds item_timeout) {
  const auto total = std::chrono::duration_cast<std::chrono::milliseconds>(item_timeout);
  return std::max(total - kAnswerReserve, total * 4 / 5);
}

void bound_timeouts(config::HttpOptions& http, std::chrono::milliseconds budget) {
  http.timeout = std::min(http.timeout, budget);
  if (http.connect_timeout) http.connect_timeout = std::min(*http.connect_timeout, budget);
  if (http.read_timeout) http.read_timeout = std::min(*http.read_timeout, budget);
}

Snapshot scrape(const Target& target, std::chrono::milliseconds budget) {
  Snapshot snapshot;
  try {
    snapshot.endpoint = target.config.http.endpoint;
    config::InstanceConfig config = target.config;
    bound_timeouts(config.http, budget);
    Check check(std::move(config));
    SnapshotSink sink(snapshot);
    snapshot.status = check.run(sink);
    // An item call every few seconds per process: a kept-alive connection would save little
    // and hold a socket in every listener between calls.
    check.close_connections();
  } catch (const std::bad_alloc&) {
    snapshot.status = resource_exhausted("out of memory during the scrape");
  } catch (const std::exception& e) {
    snapshot.status = internal_error(std::string("scrape failed: ") + e.what());
  }
  // The core submits nothing of a failed payload; a run stopped by anything else may have
  // submitted part of one.
  if (!snapshot.status.ok()) snapshot.metrics.clear();
  return snapshot;
}

std::shared_ptr<const Snapshot> ScrapeCache::get(const Target& target, const Scraper& scraper) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const Clock::time_point now = now_();
    std::erase_if(entries_, [now](const auto& entry) { return entry.second.expires <= now; });
    const auto it = entries_.find(target.key);
    if (it != entries_.end() && it->second.config_texts == target.config_texts) {
      return it->second.snapshot;
    }
  }
  // Not under the lock: a scrape takes up to the item timeout.
  auto snapshot = std::make_shared<const Snapshot>(scraper(target));
  if (target.cache_ttl.count() <= 0) return snapshot;

  std::lock_guard<std::mutex> lock(mutex_);
  const Clock::time_point expires = now_() + target.cache_ttl;
  if (!entries_.contains(target.key) && entries_.size() >= kMaxTargets) {
    const auto oldest = std::min_element(
        entries_.begin(), entries_.end(),
        [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
    entries_.erase(oldest);
  }
  entries_.insert_or_assign(target.key, Entry{target.config_texts, snapshot, expires});
  return snapshot;
}

std::size_t ScrapeCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void ScrapeCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

}  // namespace kcheck::zabbix
