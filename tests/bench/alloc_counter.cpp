// Global operator new/delete replacement that counts calls and tracks live and peak bytes.
// Each block carries its size in a header in front of it so that unsized delete knows it.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::size_t> g_allocations{0};
std::atomic<std::size_t> g_bytes{0};
std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};

// Big enough for the size and for max_align_t alignment of what follows.
constexpr std::size_t kHeader = alignof(std::max_align_t);

void note_alloc(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(n, std::memory_order_relaxed);
  const std::size_t live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  std::size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
}

void* counted_alloc(std::size_t n, std::size_t align) {
  const std::size_t header = align > kHeader ? align : kHeader;
  void* raw = nullptr;
  if (align > kHeader) {
    const std::size_t total = (n + header + align - 1) / align * align;
    raw = std::aligned_alloc(align, total);
  } else {
    raw = std::malloc(n + header);
  }
  if (raw == nullptr) return nullptr;
  auto* user = static_cast<unsigned char*>(raw) + header;
  reinterpret_cast<std::size_t*>(user)[-1] = n;
  note_alloc(n);
  return user;
}

void counted_free(void* p, std::size_t align) {
  if (p == nullptr) return;
  const std::size_t header = align > kHeader ? align : kHeader;
  const std::size_t n = static_cast<std::size_t*>(p)[-1];
  g_live.fetch_sub(n, std::memory_order_relaxed);
  std::free(static_cast<unsigned char*>(p) - header);
}

void* alloc_or_throw(std::size_t n, std::size_t align) {
  void* p = counted_alloc(n == 0 ? 1 : n, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t n) {
  return alloc_or_throw(n, kHeader);
}
void* operator new[](std::size_t n) {
  return alloc_or_throw(n, kHeader);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return counted_alloc(n == 0 ? 1 : n, kHeader);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return counted_alloc(n == 0 ? 1 : n, kHeader);
}
void* operator new(std::size_t n, std::align_val_t a) {
  return alloc_or_throw(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return alloc_or_throw(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept {
  counted_free(p, kHeader);
}
void operator delete[](void* p) noexcept {
  counted_free(p, kHeader);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p, kHeader);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p, kHeader);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  counted_free(p, kHeader);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  counted_free(p, kHeader);
}
void operator delete(void* p, std::align_val_t a) noexcept {
  counted_free(p, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::align_val_t a) noexcept {
  counted_free(p, static_cast<std::size_t>(a));
}
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept {
  counted_free(p, static_cast<std::size_t>(a));
}
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept {
  counted_free(p, static_cast<std::size_t>(a));
}

namespace kcheck::bench {

AllocScope::AllocScope()
    : allocations_at_start_(g_allocations.load(std::memory_order_relaxed)),
      bytes_at_start_(g_bytes.load(std::memory_order_relaxed)),
      live_at_start_(g_live.load(std::memory_order_relaxed)) {
  g_peak.store(live_at_start_, std::memory_order_relaxed);
}

AllocStats AllocScope::stop() {
  AllocStats s;
  s.allocations = g_allocations.load(std::memory_order_relaxed) - allocations_at_start_;
  s.bytes = g_bytes.load(std::memory_order_relaxed) - bytes_at_start_;
  const std::size_t peak = g_peak.load(std::memory_order_relaxed);
  s.peak_bytes = peak > live_at_start_ ? peak - live_at_start_ : 0;
  return s;
}

}  // namespace kcheck::bench
