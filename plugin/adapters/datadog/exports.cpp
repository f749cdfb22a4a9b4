// The only extern "C" code of libdatadog-agent-krakend_native.so: the Agent's Run and Version.
// Nothing may escape to the Agent: a C++ exception or a crash here kills the whole Agent.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>

#include "agent_abi.h"
#include "aggregator_sink.hpp"
#include "instance_registry.hpp"

#ifndef KCHECK_ADAPTER_VERSION
#error "KCHECK_ADAPTER_VERSION must be defined by the build"
#endif

namespace {

// The Agent free()s *error: it must come from malloc, never a literal or new[].
void set_error(const char** error, std::string_view message) noexcept {
  if (error == nullptr) return;
  char* copy = static_cast<char*>(std::malloc(message.size() + 1));
  if (copy == nullptr) return;  // out of memory: nothing better can be reported
  std::memcpy(copy, message.data(), message.size());
  copy[message.size()] = '\0';
  *error = copy;
}

std::string_view view_or_empty(const char* text) noexcept {
  return text == nullptr ? std::string_view() : std::string_view(text);
}

// Closes a check's connections and frees its per-run buffers when the Run's scope ends,
// however it ends: between two Runs (15 s and more) an instance holds no fd and little
// memory, which is what 1 024 cached instances cost.
class ConnectionsClosed {
 public:
  explicit ConnectionsClosed(kcheck::Check& check) noexcept : check_(check) {}
  ~ConnectionsClosed() {
    check_.close_connections();
    check_.release_memory();
  }
  ConnectionsClosed(const ConnectionsClosed&) = delete;
  ConnectionsClosed& operator=(const ConnectionsClosed&) = delete;

 private:
  kcheck::Check& check_;
};

void run_check(char* check_id, char* init_config, char* instance_config,
               const dd_aggregator_t* aggregator, const char** error) {
  if (check_id == nullptr || aggregator == nullptr) {
    set_error(error, "Run called without a check_id or an aggregator");
    return;
  }
  auto instance = kcheck::datadog::process_registry().acquire(check_id, view_or_empty(init_config),
                                                              view_or_empty(instance_config));
  if (instance->check == nullptr) {
    set_error(error, instance->config_error.message());
    return;
  }
  std::lock_guard<std::mutex> serial(instance->run_mutex);
  // Runs come every min_collection_interval (15 s by default): a kept-alive connection saves
  // little, and an instance the Agent dropped would hold its socket and event loop until it
  // is evicted. Closed on every way out of this scope, before the instance is released.
  const ConnectionsClosed closed(*instance->check);
  kcheck::datadog::AggregatorSink sink(*aggregator, check_id, instance->native_log);
  const kcheck::Status status = instance->check->run(sink);
  if (!status.ok()) set_error(error, status.message());
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void Run(char* check_id, char* init_config,
                                                char* instance_config,
                                                const dd_aggregator_t* aggregator,
                                                const char** error) noexcept {
  try {
    run_check(check_id, init_config, instance_config, aggregator, error);
  } catch (const std::exception& e) {
    set_error(error, std::string("internal error: ") + e.what());
  } catch (...) {
    set_error(error, "internal error: unknown exception");
  }
}

__attribute__((visibility("default"))) const char* Version(const char** /*error*/) noexcept {
  return KCHECK_ADAPTER_VERSION;  // static storage: the Agent never frees it
}

}  // extern "C"
