// Vectorised byte searches of the hot path. Label values are short, so one 16-byte step
// usually covers a whole value; the scalar tail handles the last bytes of the input so that
// no load ever reads past its end. The vector code is chosen at compile time: SSE2, which
// every x86-64 CPU has, or NEON, which every AArch64 CPU has (neon_mask.hpp); anything else
// gets the scalar loops. The line classifier's AVX2 version is line_classify_avx2.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "char_class.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_NEON) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define KCHECK_SCAN_NEON 1
#include "neon_mask.hpp"
#endif

namespace kcheck::parse {

/// The vector instructions this build's scanners use, for test and benchmark reports.
#if defined(__SSE2__)
inline constexpr const char* kScanVectorIsa = "SSE2";
#elif defined(KCHECK_SCAN_NEON)
inline constexpr const char* kScanVectorIsa = "NEON";
#else
inline constexpr const char* kScanVectorIsa = "none (scalar)";
#endif

constexpr std::array<bool, 256> make_value_stops() {
  std::array<bool, 256> t{};
  t['"'] = true;
  t['\\'] = true;
  t['\n'] = true;
  for (int c = 0x80; c < 256; ++c) t[static_cast<std::size_t>(c)] = true;
  return t;
}

inline constexpr std::array<bool, 256> kValueStops = make_value_stops();

/// First byte in [p, end) that ends the plain run of a quoted value: '"', '\\', '\n' or a
/// byte >= 0x80 (which needs UTF-8 validation); `end` when there is none.
inline const char* find_value_stop(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i newline = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, newline), v));  // v's own high bit: non-ASCII
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#elif defined(KCHECK_SCAN_NEON)
  while (end - p >= 16) {
    const std::uint64_t nibbles = neon::nibble_mask(neon::value_stops(neon::load(p)));
    if (nibbles != 0) return p + neon::first_byte(nibbles);
    p += 16;
  }
#endif
  while (p < end && !kValueStops[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

#if defined(__SSE2__)
/// Bit i set when byte i of `v` is in [A-Za-z0-9_] (plus ':' when kColon).
template <bool kColon>
inline unsigned name_char_mask(__m128i v) noexcept {
  // Signed compares: bytes >= 0x80 are negative, so they fall outside every range below.
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                      _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lower));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), v));
  __m128i ok = _mm_or_si128(_mm_or_si128(alpha, digit), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  if constexpr (kColon) ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
  return static_cast<unsigned>(_mm_movemask_epi8(ok));
}
#endif

/// First byte in [p, end) that cannot continue a name: [a-zA-Z0-9_] for label names, plus
/// ':' for metric names (kColon); `end` when there is none. Names are 10 to 30 bytes in
/// real expositions, so one or two 16-byte steps replace a table lookup per byte.
template <bool kColon>
inline const char* find_name_end(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned stop = ~name_char_mask<kColon>(v) & 0xffffu;
    if (stop != 0) return p + __builtin_ctz(stop);
    p += 16;
  }
#elif defined(KCHECK_SCAN_NEON)
  while (end - p >= 16) {
    const std::uint64_t stop = ~neon::nibble_mask(neon::name_bytes<kColon>(neon::load(p)));
    if (stop != 0) return p + neon::first_byte(stop);
    p += 16;
  }
#endif
  while (p < end && has_class(*p, kColon ? kMetricChar : kLabelChar)) ++p;
  return p;
}

/// Structural masks of one 64-byte block; bit i describes byte i.
struct BlockMasks {
  std::uint64_t name_stop;   ///< bytes that cannot continue a label name: not [A-Za-z0-9_]
  std::uint64_t value_stop;  ///< where a plain quoted value ends: '"', '\\', '\n', >= 0x80
  std::uint64_t special;     ///< value_stop without '"': '\\', '\n' and bytes >= 0x80
};

#if defined(__SSE2__)
/// Bit i set when byte i of `v` is in [lo, lo + n): an unsigned range test made of one add
/// and one signed compare (x - lo + 128 wraps the range onto [-128, -128 + n)).
inline __m128i in_range(__m128i v, char lo, int n) noexcept {
  const __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(128 - lo)));
  return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + n)));
}
#endif

/// Classifies the 64 bytes at `p` (all of them must be readable) one byte at a time: the
/// version for CPUs without SSE2 or NEON, and the reference the vector ones are tested against.
inline BlockMasks classify_block_scalar(const char* p) noexcept {
  BlockMasks m{0, 0, 0};
  for (unsigned i = 0; i < 64; ++i) {
    const char c = p[i];
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (!has_class(c, kLabelChar)) m.name_stop |= bit;
    if (c == '\\' || c == '\n' || static_cast<unsigned char>(c) >= 0x80) m.special |= bit;
    if (c == '"') m.value_stop |= bit;
  }
  m.value_stop |= m.special;
  return m;
}

/// Classifies the 64 bytes at `p` (all of them must be readable).
inline BlockMasks classify_block(const char* p) noexcept {
#if defined(__SSE2__)
  BlockMasks m{0, 0, 0};
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i name = _mm_or_si128(
        _mm_or_si128(in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26), in_range(v, '0', 10)),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                         v);  // v's own high bit: non-ASCII
    const auto shift = static_cast<unsigned>(16 * k);
    m.name_stop |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(name))} << shift;
    m.value_stop |= std::uint64_t{static_cast<unsigned>(
                        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))))}
                    << shift;
    m.special |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(special))} << shift;
  }
  m.name_stop = ~m.name_stop;
  m.value_stop |= m.special;
  return m;
#elif defined(KCHECK_SCAN_NEON)
  const neon::Block64 v = neon::load64(p);
  BlockMasks m{0, 0, 0};
  m.name_stop = ~neon::bit_mask(neon::map(v, neon::name_bytes<false>));
  m.special = neon::bit_mask(neon::map(v, neon::specials));
  m.value_stop = neon::bit_mask(neon::map(v, neon::quotes)) | m.special;
  return m;
#else
  return classify_block_scalar(p);
#endif
}

/// First '\n' in [p, end), or `end`.
inline const char* find_newline(const char* p, const char* end) noexcept {
  if (p == end) return end;  // memchr on a null, empty range is undefined
  const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
  return hit != nullptr ? static_cast<const char*>(hit) : end;
}

}  // namespace kcheck::parse
