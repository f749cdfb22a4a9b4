// Per-instance state across Runs, keyed by the Agent's check_id.
//
// The Agent passes the same two config texts with every Run and keeps no handle of ours, so
// the adapter caches one configured instance per check_id and re-creates it when the texts
// change. The registry mutex is held only to look up, swap or drop entries, never during a run
// (different instances run concurrently) and never while an instance is destroyed.
//
// The Agent never says when it unschedules a check, and Autodiscovery gives a check a new
// check_id whenever its config changes: an instance idle for three of its intervals is dropped,
// and at most kMaxInstances are kept (docs/agents.md, "How the adapter behaves").
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/check.hpp"
#include "kcheck/status.hpp"

namespace kcheck::datadog {

using Clock = std::chrono::steady_clock;

/// Most instances kept at once; a new check_id beyond it drops the least recently released
/// idle instance. Instances in a Run are never dropped: while every kept instance is in a Run,
/// the registry exceeds the cap by at most the number of concurrent Runs.
inline constexpr std::size_t kMaxInstances = 1024;

/// An idle instance is dropped after kIdleIntervals of its intervals, and never sooner than
/// kMinIdleLimit (a host that runs it every few seconds may still pause for a minute).
inline constexpr int kIdleIntervals = 3;
inline constexpr std::chrono::minutes kMinIdleLimit{2};

/// One configured instance, as built from one (init_config, instance) pair of texts.
struct Instance {
  std::string init_config_text;  ///< as received: the cache key together with instance_text
  std::string instance_text;
  bool native_log = false;
  std::unique_ptr<Check> check;  ///< null when the configuration was rejected
  Status config_error;           ///< why check is null; parsed once per distinct text
  /// min_collection_interval (the Agent's default when rejected): the expected time between
  /// Runs until two Runs have shown the real one.
  std::chrono::milliseconds configured_interval{15'000};
  std::mutex run_mutex;  ///< a misbehaving host running one check_id twice at once waits here

  // Guarded by the registry mutex.
  int in_flight = 0;
  std::optional<Clock::time_point> last_start;       ///< of the latest Run
  std::optional<Clock::duration> observed_interval;  ///< between the starts of the last two Runs
  Clock::time_point last_release{};
};

/// Builds an Instance from the Agent's two texts (config errors are kept inside it).
using InstanceFactory = std::function<std::unique_ptr<Instance>(std::string_view init_config_text,
                                                                std::string_view instance_text)>;

/// The default factory: strips adapter-only keys, then Check::create.
std::unique_ptr<Instance> make_instance(std::string_view init_config_text,
                                        std::string_view instance_text);

/// The registry's time source; steady_clock::now outside tests.
using NowFunction = std::function<Clock::time_point()>;

class InstanceRegistry {
 public:
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

  explicit InstanceRegistry(InstanceFactory factory = make_instance, NowFunction now = &Clock::now);

  /// The instance for `check_id` built from these texts: the cached one when the texts are
  /// unchanged, else a new one (built without holding the lock) that replaces it. Drops idle
  /// instances first, and the least recently released ones beyond kMaxInstances.
  Lease acquire(std::string_view check_id, std::string_view init_config_text,
                std::string_view instance_text);

  /// Drops the instances idle for longer than their idle limit: kIdleIntervals times their
  /// interval (observed, else configured), at least kMinIdleLimit. Instances in a Run stay.
  void evict_idle();

  /// Number of cached instances.
  std::size_t size() const;

 private:
  using Dropped = std::vector<std::shared_ptr<Instance>>;

  void release(Instance& instance);
  // With mutex_ held: entries move into `dropped`, which the caller destroys after unlocking
  // (destroying a Check frees its buffers and may close a socket: work to keep out of the lock
  // every other instance's Run needs).
  void drop_idle(Clock::time_point now, Dropped& dropped);
  void drop_beyond_cap(Dropped& dropped);

  InstanceFactory factory_;
  NowFunction now_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Instance>> by_check_id_;
};

/// The process-wide registry. Deliberately never destroyed: the Agent may exit, running static
/// destructors, while a Run is still in flight on another thread.
InstanceRegistry& process_registry();

}  // namespace kcheck::datadog
