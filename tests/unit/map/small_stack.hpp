// Runs a piece of a test on a thread with a small stack, as hosts give their worker threads:
// code that recurses once per byte of its input (std::regex did) overflows it and crashes the
// test instead of passing.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <functional>

namespace kcheck::test {

/// The stack of the thread run_on_small_stack() starts.
inline constexpr std::size_t kSmallStackBytes = 256 * 1024;

/// Runs `work` to its end on a new thread with a kSmallStackBytes stack; false when the thread
/// could not be started. Catch2's assertions are not thread-safe: `work` records what it
/// found and the test asserts on it afterwards.
inline bool run_on_small_stack(const std::function<void()>& work) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_t thread;
  auto body = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  bool started =
      pthread_attr_setstacksize(&attr, kSmallStackBytes) == 0 &&
      pthread_create(&thread, &attr, body, const_cast<std::function<void()>*>(&work)) == 0;
  pthread_attr_destroy(&attr);
  return started && pthread_join(thread, nullptr) == 0;
}

}  // namespace kcheck::test
