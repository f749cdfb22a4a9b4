// Which hashed series names a collectd instance has already logged ("logged once per series"),
// bounded. A daemon runs for months, and series come and go (a label holding a version, a pod
// or a request path): a set that only grows would grow for the daemon's life.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>

namespace kcheck::collectd {

/// The hashes (series_hash) of the series whose mapping was logged, at most kCapacity of them.
/// A new hash beyond that starts the set over, its memory released: a mapping is then logged
/// once more, which costs one log line per series that comes back. An LRU would cost a list
/// node per entry and an update per dispatched value, for a log line that is informational.
class LoggedSeries {
 public:
  static constexpr std::size_t kCapacity = 65536;

  /// True the first time `hash` is seen since the set last started over.
  bool first_time(std::uint64_t hash);

  /// Hashes remembered now (at most kCapacity).
  std::size_t size() const noexcept { return hashes_.size(); }

 private:
  std::unordered_set<std::uint64_t> hashes_;
};

}  // namespace kcheck::collectd
