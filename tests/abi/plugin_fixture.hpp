// Test access to the real plugin through its C ABI: dlopen once, a collecting host, RAII
// instances. Everything here goes through abi/kcheck.h exactly as a host would.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kcheck.h"

namespace kcheck::abitest {

/// The plugin's entry (dlopen of KCHECK_PLUGIN_PATH on first use, never unloaded).
kcheck_plugin_entry_fn entry();

/// The table for this header's version.
const kcheck_plugin_api& api();

/// What one instance submitted; the callbacks fill it (host_ctx = Collected*).
struct Collected {
  std::vector<std::string> metric_names;
  std::vector<int> service_check_statuses;
  std::vector<std::string> service_check_messages;
  std::vector<std::string> logs;
  std::vector<std::string> log_records;  ///< each record's JSON (ABI 1.1 submit_log)
  std::vector<int> log_statuses;
  std::vector<std::int64_t> log_timestamps;
  std::size_t buckets = 0;
  std::size_t submissions() const {
    return metric_names.size() + service_check_statuses.size() + buckets;
  }
  void clear() { *this = Collected{}; }
};

/// Callbacks that record into a Collected.
const kcheck_host_callbacks& collecting_callbacks();

/// One plugin instance, destroyed with the object.
class Instance {
 public:
  explicit Instance(Collected* sink = nullptr);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  kcheck_instance* get() const { return handle_; }
  Collected& collected() { return *sink_; }

  /// configure(); the plugin's error text into `error` when given.
  kcheck_status configure(std::string_view instance, std::string_view init_config = "",
                          std::string* error = nullptr);
  kcheck_status run(std::string* error = nullptr);
  kcheck_status cancel() const;

 private:
  Collected own_;
  Collected* sink_;
  kcheck_instance* handle_ = nullptr;
};

/// An instance config (JSON) for `url`, with more JSON members appended when given.
std::string endpoint_conf(const std::string& url, std::string_view extra_members = "");

inline kcheck_str str(std::string_view s) {
  return kcheck_str{s.data(), s.size()};
}

}  // namespace kcheck::abitest
