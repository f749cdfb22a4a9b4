// Two small tools for the per-sample path of the mapper, where the strings compared and
// looked up are short (label names, bucket bounds) and libc's memcmp and std::hash cost more
// in call overhead than in work:
//  * equal_bytes: equality of two short byte ranges with a few word loads;
//  * FrontCache: a direct-mapped cache of string -> pointer in front of a node-based map,
//    so that the label names and bounds every series repeats skip the hash table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace kcheck::map {

/// `a[0, n) == b[0, n)`. Reads no byte outside the ranges.
inline bool equal_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8) {
    if (n > 32) return std::memcmp(a, b, n) == 0;
    std::uint64_t diff = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t x = 0, y = 0;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      diff |= x ^ y;
    }
    if (i < n) {  // the last 8 bytes, overlapping what was compared
      std::uint64_t x = 0, y = 0;
      std::memcpy(&x, a + n - 8, 8);
      std::memcpy(&y, b + n - 8, 8);
      diff |= x ^ y;
    }
    return diff == 0;
  }
  if (n >= 4) {
    std::uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

inline bool equal_bytes(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && equal_bytes(a.data(), b.data(), a.size());
}

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

  // The length and the first and last 8 bytes (all of a short key), multiplied and folded.
  static std::size_t slot_of(std::string_view key) noexcept {
    const std::size_t n = key.size();
    const char* p = key.data();
    std::uint64_t lo = 0, hi = 0;
    if (n >= 8) {
      std::memcpy(&lo, p, 8);
      std::memcpy(&hi, p + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t a = 0, b = 0;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      lo = a;
      hi = b;
    } else {
      for (std::size_t i = 0; i < n; ++i) lo = lo << 8 | static_cast<unsigned char>(p[i]);
    }
    std::uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full) ^ n;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return static_cast<std::size_t>(h >> 40) & (Slots - 1);
  }

  std::array<Slot, Slots> slots_{};
};

}  // namespace kcheck::map
