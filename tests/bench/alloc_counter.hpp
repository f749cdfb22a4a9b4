// Counts heap allocations of the whole benchmark process (alloc_counter.cpp replaces the
// global operator new/delete), so that a benchmark can report what one parse allocates.
#pragma once

#include <cstddef>

namespace kcheck::bench {

/// Allocation figures of one measured region.
struct AllocStats {
  std::size_t allocations = 0;  ///< operator new calls
  std::size_t bytes = 0;        ///< bytes requested in total
  std::size_t peak_bytes = 0;   ///< highest live heap above the level at begin()
};

/// Measures the allocations between its construction and stop(). Not reentrant.
class AllocScope {
 public:
  AllocScope();
  AllocStats stop();

 private:
  std::size_t allocations_at_start_;
  std::size_t bytes_at_start_;
  std::size_t live_at_start_;
};

}  // namespace kcheck::bench
