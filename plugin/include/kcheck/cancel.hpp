// Cooperative cancellation, shared by every layer that can take long: the scraper (which
// reaches the socket), the line filter and the parser (every 64 KiB of payload, every 1 024
// labels of a line) and the mapper (every 256 events).
#pragma once

#include <atomic>

namespace kcheck {

/// Shared between the thread running a check and any thread calling cancel(). Lock-free;
/// cancel() never blocks.
class CancelToken {
 public:
  void cancel() noexcept { cancelled_.store(true, std::memory_order_release); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }
  void reset() noexcept { cancelled_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace kcheck
