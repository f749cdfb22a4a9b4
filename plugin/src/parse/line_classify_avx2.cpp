// The AVX2 line classifier: the masks of scan.hpp's classify_block, 32 bytes per step.
// This file alone is built with -mavx2. It uses nothing but intrinsics, which are always
// inlined: an inline function or template shared with other files, compiled here with AVX2
// and kept by the linker for every caller, would run AVX2 code on CPUs without it.
#include "line_classify.hpp"

#if defined(KCHECK_HAVE_AVX2_CLASSIFIER)
#include <immintrin.h>

#include <cstdint>

namespace kcheck::parse {
namespace {

struct HalfMasks {
  std::uint32_t name;  // name bytes [A-Za-z0-9_] (inverted into name_stop by the caller)
  std::uint32_t value_stop;
  std::uint32_t special;
};

// Bytes of `v` in [lo, lo + n): see in_range() in scan.hpp.
inline __m256i in_range(__m256i v, char lo, int n) {
  const __m256i shifted = _mm256_add_epi8(v, _mm256_set1_epi8(static_cast<char>(128 - lo)));
  return _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(-128 + n)), shifted);
}

inline HalfMasks classify32(const char* p) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i name =
      _mm256_or_si256(_mm256_or_si256(in_range(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), 'a', 26),
                                      in_range(v, '0', 10)),
                      _mm256_cmpeq_epi8(v, _mm256_set1_epi8('_')));
  const __m256i special =
      _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')),
                                      _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))),
                      v);  // v's own high bit: non-ASCII
  const __m256i value_stop = _mm256_or_si256(special, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')));
  return {static_cast<std::uint32_t>(_mm256_movemask_epi8(name)),
          static_cast<std::uint32_t>(_mm256_movemask_epi8(value_stop)),
          static_cast<std::uint32_t>(_mm256_movemask_epi8(special))};
}

}  // namespace

std::size_t classify_line_avx2(const char* line, const char* end, std::uint64_t* name_stop,
                               std::uint64_t* value_stop) noexcept {
  const auto available = static_cast<std::size_t>(end - line);
  for (std::size_t n = 0; n < kMaxLineBlocks; ++n) {
    if (available < 64 * (n + 1)) return kUnclassified;
    const HalfMasks lo = classify32(line + 64 * n);
    const HalfMasks hi = classify32(line + 64 * n + 32);
    name_stop[n] = ~(std::uint64_t{lo.name} | std::uint64_t{hi.name} << 32);
    value_stop[n] = std::uint64_t{lo.value_stop} | std::uint64_t{hi.value_stop} << 32;
    const std::uint64_t special = std::uint64_t{lo.special} | std::uint64_t{hi.special} << 32;
    if (special != 0) return 64 * n + static_cast<std::size_t>(__builtin_ctzll(special));
  }
  return kUnclassified;
}

}  // namespace kcheck::parse
#endif  // KCHECK_HAVE_AVX2_CLASSIFIER
