// A process-wide count of heap allocations, for the tests that check "no allocation per
// sample": counting_new.cpp replaces every replaceable form of the global operator new and
// delete (malloc/aligned_alloc underneath, both freed by free). A test executable that
// compiles counting_new.cpp is counted as a whole, so Catch2's macros must not run while a
// region is measured (they allocate).
#pragma once

#include <cstddef>

namespace kcheck::test {

/// operator new calls so far, in this process.
std::size_t allocations() noexcept;

/// Keeps the compiler from proving `p` unused and eliding the allocation behind it.
void escape(const void* p);

/// True when a known heap allocation is counted. Under a sanitizer the replacement must still
/// win over the runtime's operator new, otherwise every count would be a meaningless 0.
bool counter_sees_allocations();

}  // namespace kcheck::test
