#include "logged_series.hpp"

namespace kcheck::collectd {

bool LoggedSeries::first_time(std::uint64_t hash) {
  if (hashes_.contains(hash)) return false;
  if (hashes_.size() >= kCapacity) {
    // clear() would keep the bucket array sized for kCapacity entries: swap it away instead.
    std::unordered_set<std::uint64_t>().swap(hashes_);
  }
  hashes_.insert(hash);
  return true;
}

}  // namespace kcheck::collectd
