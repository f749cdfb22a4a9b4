// A direct-mapped cache of string -> pointer in front of a node-based map, so that the label
// names and bucket bounds every series repeats skip the hash table (std::hash and the bucket
// walk cost more than the work on strings of a few bytes).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "common/bytes.hpp"

namespace kcheck::map {

/// A direct-mapped cache of `key -> const T*` with `Slots` entries. The keys it holds are views
/// that the caller keeps alive (the keys of the map behind it, whose nodes do not move), so
/// clear() must be called whenever that map erases anything.
template <typename T, std::size_t Slots = 128>
class FrontCache {
  static_assert((Slots & (Slots - 1)) == 0, "Slots is a power of two");

 public:
  const T* find(std::string_view key) const noexcept {
    const Slot& s = slots_[slot_of(key)];
    return s.value != nullptr && equal_bytes(s.key, key) ? s.value : nullptr;
  }

  /// Remembers `value` under `stable_key` (replacing whatever shared its slot).
  void put(std::string_view stable_key, const T* value) noexcept {
    slots_[slot_of(stable_key)] = Slot{stable_key, value};
  }

  void clear() noexcept { slots_.fill(Slot{}); }

 private:
  struct Slot {
    std::string_view key;
    const T* value = nullptr;
  };

  static std::size_t slot_of(std::string_view key) noexcept {
    return static_cast<std::size_t>(short_key_hash(key) >> 40) & (Slots - 1);
  }

  std::array<Slot, Slots> slots_{};
};

}  // namespace kcheck::map
