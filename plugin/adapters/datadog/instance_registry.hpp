// Per-instance state across Runs, keyed by the Agent's check_id.
//
// The Agent passes the same two config texts with every Run and keeps no handle of ours, so
// the adapter caches one configured instance per check_id and re-creates it when the texts
// change. The registry mutex is held only to look up or swap an entry, never during a run:
// different instances run concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/check.hpp"
#include "kcheck/status.hpp"

namespace kcheck::datadog {

/// One configured instance, as built from one (init_config, instance) pair of texts.
struct Instance {
  std::string init_config_text;  ///< as received: the cache key together with instance_text
  std::string instance_text;
  bool native_log = false;
  std::unique_ptr<Check> check;             ///< null when the configuration was rejected
  Status config_error;                      ///< why check is null; parsed once per distinct text
  std::chrono::milliseconds idle_limit{0};  ///< evicted after this long without a Run
  std::mutex run_mutex;  ///< a misbehaving host running one check_id twice at once waits here

  // Guarded by the registry mutex.
  int in_flight = 0;
  std::chrono::steady_clock::time_point last_release{};
};

/// Builds an Instance from the Agent's two texts (config errors are kept inside it).
using InstanceFactory = std::function<std::unique_ptr<Instance>(std::string_view init_config_text,
                                                                std::string_view instance_text)>;

/// The default factory: strips adapter-only keys, then Check::create.
std::unique_ptr<Instance> make_instance(std::string_view init_config_text,
                                        std::string_view instance_text);

class InstanceRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  /// An instance held for the duration of one Run; releasing it marks it idle.
  class Lease {
   public:
    Lease(InstanceRegistry* registry, std::shared_ptr<Instance> instance)
        : registry_(registry), instance_(std::move(instance)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Instance& operator*() const noexcept { return *instance_; }
    Instance* operator->() const noexcept { return instance_.get(); }

   private:
    InstanceRegistry* registry_;
    std::shared_ptr<Instance> instance_;
  };

  explicit InstanceRegistry(InstanceFactory factory = make_instance);

  /// The instance for `check_id` built from these texts: the cached one when the texts are
  /// unchanged, else a new one (built without holding the lock) that replaces it.
  Lease acquire(std::string_view check_id, std::string_view init_config_text,
                std::string_view instance_text);

  /// Drops instances not run for longer than their idle limit (the Agent never says when it
  /// unschedules a check; its check_id changes with its config). Instances in a Run stay.
  void evict_idle(Clock::time_point now);

  /// Number of cached instances.
  std::size_t size() const;

 private:
  void release(Instance& instance);

  InstanceFactory factory_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Instance>> by_check_id_;
};

/// The process-wide registry. Deliberately never destroyed: the Agent may exit, running static
/// destructors, while a Run is still in flight on another thread.
InstanceRegistry& process_registry();

}  // namespace kcheck::datadog
