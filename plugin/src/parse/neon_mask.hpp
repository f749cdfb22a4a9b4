// The NEON byte tests of scan.hpp for AArch64 (little-endian), where NEON is part of the
// base architecture: no runtime check. NEON has no movemask, so a 16-byte compare result
// (0x00 or 0xff per byte) becomes a scalar mask in one of two ways: a 64-bit "nibble mask"
// (one shift-right-and-narrow, 4 bits per byte), enough to find the first hit; or, for 64
// bytes, an exact 1-bit-per-byte mask from an AND with each bit's weight and three
// pairwise adds. Included by scan.hpp only; tests compare every use with the scalar loops.
#pragma once

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>

namespace kcheck::parse::neon {

inline uint8x16_t load(const char* p) noexcept {
  return vld1q_u8(reinterpret_cast<const std::uint8_t*>(p));
}

inline uint8x16_t splat(char c) noexcept {
  return vdupq_n_u8(static_cast<std::uint8_t>(c));
}

/// Bits 4i..4i+3 of the answer are all set when byte i of `hits` is 0xff, clear when 0x00.
inline std::uint64_t nibble_mask(uint8x16_t hits) noexcept {
  const uint8x8_t narrowed = vshrn_n_u16(vreinterpretq_u16_u8(hits), 4);
  return vget_lane_u64(vreinterpret_u64_u8(narrowed), 0);
}

/// The byte index of the lowest set nibble of a non-zero nibble mask.
inline std::size_t first_byte(std::uint64_t nibbles) noexcept {
  return static_cast<std::size_t>(__builtin_ctzll(nibbles)) / 4;
}

/// 0xff where byte i of `v` is in [lo, lo + n): one subtract and one unsigned compare.
inline uint8x16_t in_range(uint8x16_t v, char lo, std::uint8_t n) noexcept {
  return vcltq_u8(vsubq_u8(v, splat(lo)), vdupq_n_u8(n));
}

/// 0xff where byte i of `v` is in [A-Za-z0-9_] (plus ':' when kColon).
template <bool kColon>
inline uint8x16_t name_bytes(uint8x16_t v) noexcept {
  // Bytes >= 0x80 stay >= 0xa0 when OR-ed with 0x20: outside both ranges.
  const uint8x16_t alpha = in_range(vorrq_u8(v, vdupq_n_u8(0x20)), 'a', 26);
  uint8x16_t ok = vorrq_u8(vorrq_u8(alpha, in_range(v, '0', 10)), vceqq_u8(v, splat('_')));
  if constexpr (kColon) ok = vorrq_u8(ok, vceqq_u8(v, splat(':')));
  return ok;
}

/// 0xff where byte i of `v` is '\\', '\n' or >= 0x80 (BlockMasks::special, scan.hpp).
inline uint8x16_t specials(uint8x16_t v) noexcept {
  return vorrq_u8(vorrq_u8(vceqq_u8(v, splat('\\')), vceqq_u8(v, splat('\n'))),
                  vcgeq_u8(v, vdupq_n_u8(0x80)));
}

/// 0xff where byte i of `v` is '"'.
inline uint8x16_t quotes(uint8x16_t v) noexcept {
  return vceqq_u8(v, splat('"'));
}

/// 0xff where byte i of `v` ends the plain run of a quoted value: '"' or a special byte.
inline uint8x16_t value_stops(uint8x16_t v) noexcept {
  return vorrq_u8(specials(v), quotes(v));
}

/// 64 bytes as four registers, byte i in lane i % 16 of part i / 16.
struct Block64 {
  uint8x16_t part[4];
};

inline Block64 load64(const char* p) noexcept {
  return {{load(p), load(p + 16), load(p + 32), load(p + 48)}};
}

template <typename Test>
inline Block64 map(const Block64& b, Test test) noexcept {
  return {{test(b.part[0]), test(b.part[1]), test(b.part[2]), test(b.part[3])}};
}

/// Bit i of the answer is set when byte i of `hits` (0x00 or 0xff each) is 0xff.
inline std::uint64_t bit_mask(const Block64& hits) noexcept {
  // Each byte keeps its own bit of a byte (1, 2, ... 128 across each group of eight); the
  // pairwise adds then sum each group of eight into one byte, in order.
  static constexpr std::uint8_t kWeights[16] = {1, 2, 4, 8, 16, 32, 64, 128,
                                                1, 2, 4, 8, 16, 32, 64, 128};
  const uint8x16_t weights = vld1q_u8(kWeights);
  const uint8x16_t a = vpaddq_u8(vandq_u8(hits.part[0], weights), vandq_u8(hits.part[1], weights));
  const uint8x16_t b = vpaddq_u8(vandq_u8(hits.part[2], weights), vandq_u8(hits.part[3], weights));
  const uint8x16_t ab = vpaddq_u8(a, b);
  return vgetq_lane_u64(vreinterpretq_u64_u8(vpaddq_u8(ab, ab)), 0);
}

}  // namespace kcheck::parse::neon
