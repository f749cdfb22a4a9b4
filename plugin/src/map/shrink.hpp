// Giving back what one large run grew: a buffer that the last run used under a quarter of
// is shrunk to that run's size, so a steady instance keeps its capacity (and allocates
// nothing from run to run) while one huge scrape does not pin its memory for good.
#pragma once

#include <cstddef>

namespace kcheck::map {

template <typename Buffer>
void shrink_if_mostly_unused(Buffer& b) {
  constexpr std::size_t kKeptBytes = std::size_t{256} << 10;
  if (b.capacity() * sizeof(typename Buffer::value_type) > kKeptBytes &&
      b.size() < b.capacity() / 4) {
    b.shrink_to_fit();
  }
}

}  // namespace kcheck::map
