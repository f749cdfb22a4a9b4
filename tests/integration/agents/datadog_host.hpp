// A test host that loads a shared-library check the way the Datadog Agent does
// (pkg/collector/sharedlibrary): name and permission checks, dlopen(RTLD_NOW | RTLD_LOCAL) once
// per instance, Version once per load, every Run on a new thread, free() of the error string.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent_abi.h"
#include "submission.hpp"

namespace kcheck::test {

/// The Agent's rule for check names: ^[a-zA-Z0-9][a-zA-Z0-9_-]*$.
bool valid_check_name(std::string_view name);

/// The Agent's rule for the library file and its folder: owned by root or dd-agent, no access
/// for others, no group write, executable by the owner. nullopt when acceptable.
std::optional<std::string> permission_error(const std::filesystem::path& path);

/// Where the Agent looks for check `name` in `folder`.
std::filesystem::path library_path(const std::filesystem::path& folder, std::string_view name);

/// What the callbacks received, per check_id (the callbacks carry no user data: global).
class Recorder {
 public:
  static Recorder& instance();
  void add(const char* check_id, Submission s);
  /// Takes (and forgets) what was recorded for `check_id`.
  std::vector<Submission> take(const std::string& check_id);
  /// Check_id pointers seen by the callbacks, for the "passed back unchanged" check.
  std::vector<const void*> check_id_pointers(const std::string& check_id);
  void clear();

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<Submission>> by_check_id_;
  std::map<std::string, std::vector<const void*>> pointers_;
};

/// The aggregator table with recording callbacks: 6 slots, or the 5 of older Agents, in a heap
/// block of exactly that size (so that a read of a missing 6th slot is an ASan error).
class AggregatorTable {
 public:
  explicit AggregatorTable(bool with_log_slot);
  ~AggregatorTable();
  AggregatorTable(const AggregatorTable&) = delete;
  AggregatorTable& operator=(const AggregatorTable&) = delete;
  const dd_aggregator_t* get() const noexcept { return table_; }

 private:
  dd_aggregator_t* table_;
};

/// One dlopen() of the library, as the Agent makes for each configured instance.
class LoadedCheck {
 public:
  /// Loads `path`; on failure, error() says why and run() must not be called.
  explicit LoadedCheck(const std::filesystem::path& path);
  ~LoadedCheck();  ///< dlclose() unless close() was called
  LoadedCheck(const LoadedCheck&) = delete;
  LoadedCheck& operator=(const LoadedCheck&) = delete;

  bool loaded() const noexcept { return handle_ != nullptr; }
  const std::string& error() const noexcept { return error_; }
  /// Version()'s answer at load time (nullopt without the symbol), and its error if any.
  const std::optional<std::string>& version() const noexcept { return version_; }
  const std::optional<std::string>& version_error() const noexcept { return version_error_; }

  /// dlclose() now, as the Agent does on unschedule (without waiting for Runs).
  void close();

  /// The result of one Run.
  struct Outcome {
    std::optional<std::string> error;  ///< copied, then free()d as the Agent does
    bool check_id_unchanged = true;    ///< every callback got the very check_id pointer passed
  };
  /// Calls Run on a new thread, waits for it. Strings are passed as mutable copies.
  Outcome run(const std::string& check_id, const std::string& init_config,
              const std::string& instance_config, const AggregatorTable& table) const;

  dd_run_function_t run_function() const noexcept { return run_; }

 private:
  void* handle_ = nullptr;
  dd_run_function_t run_ = nullptr;
  std::string error_;
  std::optional<std::string> version_;
  std::optional<std::string> version_error_;
};

/// Number of threads of this process (/proc/self/task).
int thread_count();

/// thread_count() once it is at most `expected`, or after `bound` the count it still has.
/// pthread_join() returns when the kernel clears the thread's id, a moment before the exiting task
/// leaves /proc/self/task, so a count taken right after a join may still include it.
int settled_thread_count(int expected,
                         std::chrono::milliseconds bound = std::chrono::milliseconds(2000));

/// Number of open file descriptors of this process (/proc/self/fd, minus the one reading it).
int fd_count();

/// Resident set size of this process in bytes (/proc/self/statm).
long resident_bytes();

}  // namespace kcheck::test
