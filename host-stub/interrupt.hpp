// Ctrl-C handling for `host-stub run`: SIGINT/SIGTERM cancel the run in progress.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "plugin_handle.hpp"

namespace kcheck::stub {

/// Blocks SIGINT and SIGTERM in the calling thread (so in every thread it starts later) and
/// receives them on a watcher thread through a signalfd. No signal handler runs: the
/// watcher is an ordinary thread, so it may call the plugin's cancel(), which is not
/// async-signal-safe. A second signal exits at once with status 130.
class InterruptWatcher {
 public:
  InterruptWatcher();
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  /// The instance whose run a signal cancels; null between runs. Once set_target returns,
  /// the watcher no longer touches the previous target.
  void set_target(const InstanceHandle* target);

  bool interrupted() const;

  /// Sleeps for `d` or until a signal arrives; returns false when interrupted.
  bool sleep_for(std::chrono::milliseconds d);

 private:
  void watch();

  int signal_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  const InstanceHandle* target_ = nullptr;  // guarded by mutex_
  bool interrupted_ = false;                // guarded by mutex_
  std::thread thread_;
};

}  // namespace kcheck::stub
