// Equality and hashing of short byte strings (label names, label values, bucket bounds) with
// a few word loads: on the per-sample paths of the parser and the mapper, libc's memcmp and
// std::hash cost more in call overhead than in work for strings of a few bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace kcheck {

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

/// The `n` < 8 bytes at `p` as one word, a function of those bytes only (for hashing a
/// string's last partial word without a variable-length memcpy call).
inline std::uint64_t load_tail(const char* p, std::size_t n) noexcept {
  if (n >= 4) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return a | static_cast<std::uint64_t>(b) << 32;
  }
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) w = w << 8 | static_cast<unsigned char>(p[i]);
  return w;
}

/// A 64-bit hash of a short key from its length and its first and last 8 bytes (all of a key
/// of up to 16 bytes): good enough to spread a few hundred distinct keys over a small table,
/// not a hash for adversarial sets (a collision may only cost a slower lookup).
inline std::uint64_t short_key_hash(std::string_view key) noexcept {
  const std::size_t n = key.size();
  const char* p = key.data();
  std::uint64_t lo = 0, hi = 0;
  if (n >= 8) {
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + n - 8, 8);
  } else {
    lo = load_tail(p, n);
  }
  std::uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full) ^ n;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

}  // namespace kcheck
