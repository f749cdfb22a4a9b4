// The Datadog adapter's instance registry under a fake clock and factory: the idle rule
// (kIdleIntervals times the interval, observed or configured, at least kMinIdleLimit), the cap
// (the least recently released idle instance goes) and that an instance in a Run never goes.
#include "instance_registry.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using kcheck::datadog::Clock;
using kcheck::datadog::Instance;
using kcheck::datadog::InstanceRegistry;
using kcheck::datadog::kMaxInstances;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

constexpr std::string_view kText = "openmetrics_endpoint: http://127.0.0.1:9/metrics\n";

class Registry {
 public:
  explicit Registry(Clock::duration configured_interval = seconds(15))
      : registry_(
            [this, configured_interval](std::string_view init, std::string_view instance) {
              ++created_;
              auto made = std::make_unique<Instance>();
              made->init_config_text = std::string(init);
              made->instance_text = std::string(instance);
              made->configured_interval =
                  std::chrono::duration_cast<std::chrono::milliseconds>(configured_interval);
              return made;
            },
            [this] { return now_; }) {}

  /// A Run of `check_id` that starts and ends now.
  void run(const std::string& check_id) { static_cast<void>(acquire(check_id)); }
  /// A Run that lasts as long as the returned lease.
  InstanceRegistry::Lease acquire(const std::string& check_id) {
    return registry_.acquire(check_id, "", kText);
  }
  /// Whether `check_id` is still cached; its Run (now) keeps it cached.
  bool run_is_cached(const std::string& check_id) {
    const int before = created_;
    run(check_id);
    return created_ == before;
  }
  /// Two Runs of `check_id`, `interval` apart.
  void run_twice(const std::string& check_id, Clock::duration interval) {
    run(check_id);
    advance(interval);
    run(check_id);
  }
  void advance(Clock::duration d) { now_ += d; }
  /// Instances left after `idle` more time without a Run, once the idle ones are dropped.
  std::size_t kept_after(Clock::duration idle) {
    advance(idle);
    registry_.evict_idle();
    return registry_.size();
  }
  std::size_t size() const { return registry_.size(); }

 private:
  Clock::time_point now_{};
  int created_ = 0;
  InstanceRegistry registry_;
};

// An interval between Runs (observed or configured) and the idle limit it gives.
struct Limit {
  Clock::duration interval;
  Clock::duration limit;
};

std::string id(std::size_t i) {
  return "krakend_native:" + std::to_string(i);
}

}  // namespace

TEST_CASE("An instance idle for longer than three of its observed intervals is dropped") {
  const Limit c = GENERATE(Limit{minutes(5), minutes(15)}, Limit{minutes(1), minutes(3)},
                           Limit{seconds(41), seconds(123)});
  // min_collection_interval 10 min (a 30 min limit until the second Run): the observed
  // interval wins over it.
  Registry registry(minutes(10));
  registry.run_twice("a", c.interval);
  CHECK(registry.kept_after(c.limit) == 1);
  CHECK(registry.kept_after(seconds(1)) == 0);
}

TEST_CASE("An idle limit is never shorter than two minutes") {
  const Clock::duration interval = GENERATE(Clock::duration(seconds(1)), seconds(10), seconds(40));
  Registry registry;
  registry.run_twice("a", interval);
  CHECK(registry.kept_after(minutes(2)) == 1);
  CHECK(registry.kept_after(seconds(1)) == 0);
}

TEST_CASE("Before a second Run the idle limit is three min_collection_intervals, at least 2 min") {
  const Limit c = GENERATE(Limit{seconds(15), minutes(2)}, Limit{seconds(60), minutes(3)},
                           Limit{minutes(10), minutes(30)});
  Registry registry(c.interval);  // min_collection_interval
  registry.run("a");
  CHECK(registry.kept_after(c.limit) == 1);
  CHECK(registry.kept_after(seconds(1)) == 0);
}

TEST_CASE("The observed interval is the time between the last two Runs") {
  Registry registry(minutes(10));
  registry.run_twice("a", minutes(10));
  registry.advance(minutes(1));
  registry.run("a");  // now 1 min apart: the limit drops from 30 min to 3 min
  CHECK(registry.kept_after(minutes(3) + seconds(1)) == 0);
}

TEST_CASE("Any Run drops the instances that have been idle for too long") {
  Registry registry;
  registry.run("old");
  registry.advance(minutes(2) + seconds(1));
  registry.run("new");
  CHECK(registry.size() == 1);
  CHECK(registry.run_is_cached("new"));
}

TEST_CASE("A new check_id beyond the cap drops the least recently released idle instance") {
  Registry registry;
  for (std::size_t i = 0; i < kMaxInstances; ++i) {
    registry.run(id(i));
    registry.advance(std::chrono::milliseconds(100));
  }
  registry.run(id(0));  // now the most recently released
  registry.run("new");
  CHECK(registry.size() == kMaxInstances);
  CHECK(registry.run_is_cached(id(0)));
  CHECK(registry.run_is_cached(id(2)));
  CHECK_FALSE(registry.run_is_cached(id(1)));
}

TEST_CASE("Instances in a Run are never dropped beyond the cap") {
  Registry registry;
  std::vector<InstanceRegistry::Lease> in_runs;
  for (std::size_t i = 0; i < kMaxInstances; ++i) in_runs.push_back(registry.acquire(id(i)));
  registry.run("one more");  // nothing idle to drop: the cap is exceeded while they run
  CHECK(registry.size() == kMaxInstances + 1);
  in_runs.clear();
  registry.run("yet another");  // back under the cap once they are idle
  CHECK(registry.size() == kMaxInstances);
  CHECK(registry.run_is_cached("yet another"));
}

TEST_CASE("An instance in a Run is never dropped for idleness, however long the Run") {
  Registry registry;
  {
    const auto lease = registry.acquire("a");
    CHECK(registry.kept_after(minutes(60)) == 1);
  }
  // Idle from the end of that Run, not from its start.
  CHECK(registry.kept_after(minutes(2)) == 1);
  CHECK(registry.kept_after(seconds(1)) == 0);
}
