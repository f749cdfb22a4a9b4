// The heap in use, as the memory tests measure it in every build. Under a sanitizer the
// process's allocator is the sanitizer's: glibc's malloc statistics see none of it, and
// resident size says nothing about leaks (ASan's quarantine keeps up to 256 MiB of freed memory
// resident on purpose). Its count of live bytes is exact, so the tests bound that instead.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KCHECK_TEST_SANITIZER_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KCHECK_TEST_SANITIZER_HEAP 1
#endif
#endif

#if defined(KCHECK_TEST_SANITIZER_HEAP)
#if __has_include(<sanitizer/allocator_interface.h>)
#include <sanitizer/allocator_interface.h>
#else
// g++ 12 ships no allocator_interface.h; its libasan and libtsan export the function.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes(void);
#endif
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kcheck::test {

/// True when live_heap_bytes() is the sanitizer allocator's figure.
#if defined(KCHECK_TEST_SANITIZER_HEAP)
inline constexpr bool kSanitizerHeap = true;
#else
inline constexpr bool kSanitizerHeap = false;
#endif

/// True when live_heap_bytes() measures anything in this build.
#if defined(KCHECK_TEST_SANITIZER_HEAP) || defined(__GLIBC__)
inline constexpr bool kHeapMeasured = true;
#else
inline constexpr bool kHeapMeasured = false;
#endif

/// Bytes held by live allocations: the sanitizer allocator's count under ASan or TSan, else
/// glibc malloc's: the chunks in use in every arena plus the blocks it mmap()ed for large
/// requests (uordblks alone misses those, and they are what a huge run grows); 0 elsewhere.
inline std::size_t live_heap_bytes() {
#if defined(KCHECK_TEST_SANITIZER_HEAP)
  return __sanitizer_get_current_allocated_bytes();
#elif defined(__GLIBC__)
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
#else
  return 0;
#endif
}

/// Which figure live_heap_bytes() is, for the tests' printed numbers.
inline const char* live_heap_source() {
  return kSanitizerHeap ? "sanitizer allocator" : "malloc";
}

}  // namespace kcheck::test
