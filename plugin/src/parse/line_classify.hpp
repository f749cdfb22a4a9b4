// Structural classification of one sample line, 64 bytes at a time, for the fast lexer
// (fast_sample_lexer.cpp). The implementations give the same masks: the portable one
// (scan.hpp's classify_block: SSE2 on x86-64, NEON on AArch64, chosen at compile time, and
// scalar elsewhere), AVX2 in its own translation unit (line_classify_avx2.cpp, the only
// code built with -mavx2), picked at run time, and the scalar reference the tests use.
#pragma once

#include <cstddef>
#include <cstdint>

// The AVX2 classifier exists on x86-64 with GCC or clang (CMake builds its file with
// -mavx2 there); elsewhere the portable one is the only one.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define KCHECK_HAVE_AVX2_CLASSIFIER 1
#endif

namespace kcheck::parse {

/// Lines of up to this many 64-byte blocks are classified; longer ones are not.
inline constexpr std::size_t kMaxLineBlocks = 32;

/// classify_line's answer when it cannot classify the line.
inline constexpr std::size_t kUnclassified = SIZE_MAX;

/// Fills name_stop[n] and value_stop[n] (BlockMasks, scan.hpp) for the 64-byte blocks of
/// the line at `line`, up to the block that holds its first special byte ('\\', '\n' or a
/// byte >= 0x80), and returns that byte's offset from `line`. Returns kUnclassified when
/// that block would reach past `end` or lies beyond kMaxLineBlocks blocks. Both arrays
/// have room for kMaxLineBlocks words.
using ClassifyLineFn = std::size_t (*)(const char* line, const char* end, std::uint64_t* name_stop,
                                       std::uint64_t* value_stop) noexcept;

/// The compile-time choice: SSE2 (x86-64), NEON (AArch64) or scalar (scan.hpp).
std::size_t classify_line_portable(const char* line, const char* end, std::uint64_t* name_stop,
                                   std::uint64_t* value_stop) noexcept;

/// One byte at a time (classify_block_scalar): the reference the others are tested against.
std::size_t classify_line_scalar(const char* line, const char* end, std::uint64_t* name_stop,
                                 std::uint64_t* value_stop) noexcept;

#if defined(KCHECK_HAVE_AVX2_CLASSIFIER)
/// The AVX2 version; call it only where avx2_supported() is true.
std::size_t classify_line_avx2(const char* line, const char* end, std::uint64_t* name_stop,
                               std::uint64_t* value_stop) noexcept;
#endif

/// True when this CPU runs classify_line_avx2 (and this build has it).
bool avx2_supported() noexcept;

/// The classifier the fast lexer uses: the fastest this CPU runs, unless a test or a
/// benchmark has chosen another with use_line_classifier().
ClassifyLineFn line_classifier() noexcept;

/// Makes the fast lexer use `classify` from now on (nullptr: the default again), so that
/// tests and benchmarks reach every classifier on any CPU that runs it.
void use_line_classifier(ClassifyLineFn classify) noexcept;

}  // namespace kcheck::parse
