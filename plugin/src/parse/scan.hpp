// Vectorised byte searches of the hot path. Label values are short, so one 16-byte SSE2
// step usually covers a whole value; the scalar tail handles the last bytes of the input
// so that no load ever reads past its end.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kcheck::parse {

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
#endif
  while (p < end && !kValueStops[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

/// First '\n' in [p, end), or `end`.
inline const char* find_newline(const char* p, const char* end) noexcept {
  if (p == end) return end;  // memchr on a null, empty range is undefined
  const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
  return hit != nullptr ? static_cast<const char*>(hit) : end;
}

}  // namespace kcheck::parse
