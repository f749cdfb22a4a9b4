#include "line_classify.hpp"

#include <atomic>
#include <bit>

#include "scan.hpp"

namespace kcheck::parse {
namespace {

template <BlockMasks (*kClassifyBlock)(const char*) noexcept>
std::size_t classify_line_with(const char* line, const char* end, std::uint64_t* name_stop,
                               std::uint64_t* value_stop) noexcept {
  const auto available = static_cast<std::size_t>(end - line);
  for (std::size_t n = 0; n < kMaxLineBlocks; ++n) {
    if (available < 64 * (n + 1)) return kUnclassified;
    const BlockMasks m = kClassifyBlock(line + 64 * n);
    name_stop[n] = m.name_stop;
    value_stop[n] = m.value_stop;
    if (m.special != 0) return 64 * n + static_cast<std::size_t>(std::countr_zero(m.special));
  }
  return kUnclassified;
}

}  // namespace

std::size_t classify_line_portable(const char* line, const char* end, std::uint64_t* name_stop,
                                   std::uint64_t* value_stop) noexcept {
  return classify_line_with<classify_block>(line, end, name_stop, value_stop);
}

std::size_t classify_line_scalar(const char* line, const char* end, std::uint64_t* name_stop,
                                 std::uint64_t* value_stop) noexcept {
  return classify_line_with<classify_block_scalar>(line, end, name_stop, value_stop);
}

bool avx2_supported() noexcept {
#if defined(KCHECK_HAVE_AVX2_CLASSIFIER)
  // libgcc's answer also says whether the OS saves the AVX registers (XCR0).
  static const bool supported = [] {
    __builtin_cpu_init();  // a no-op once libgcc's constructor has run, needed before it
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return supported;
#else
  return false;
#endif
}

namespace {

ClassifyLineFn best_line_classifier() noexcept {
#if defined(KCHECK_HAVE_AVX2_CLASSIFIER)
  return avx2_supported() ? classify_line_avx2 : classify_line_portable;
#else
  return classify_line_portable;
#endif
}

std::atomic<ClassifyLineFn> g_chosen{nullptr};

}  // namespace

ClassifyLineFn line_classifier() noexcept {
  static const ClassifyLineFn best = best_line_classifier();
  const ClassifyLineFn chosen = g_chosen.load(std::memory_order_relaxed);
  return chosen != nullptr ? chosen : best;
}

void use_line_classifier(ClassifyLineFn classify) noexcept {
  g_chosen.store(classify, std::memory_order_relaxed);
}

}  // namespace kcheck::parse
