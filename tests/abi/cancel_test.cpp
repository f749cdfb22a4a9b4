// cancel(): idempotent, non-blocking, any thread; the run in flight returns CANCELLED promptly.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <thread>
#include <vector>

#include "loopback.hpp"
#include "plugin_fixture.hpp"

using namespace kcheck::abitest;
using Clock = std::chrono::steady_clock;

namespace {

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// The runs below would otherwise wait for the 30 s timeout: anything near that means the
// cancel was lost. The contract is "within about 100 ms"; the bound is generous on purpose
// (sanitizer builds, a loaded machine) and the measured latency is printed.
constexpr double kGenerousBoundMs = 5000;

}  // namespace

TEST_CASE(
    "cancel from another thread makes a run that waits on a silent endpoint return "
    "cancelled promptly",
    "[abi][cancel]") {
  auto server = serve_nothing();
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(server->url(), R"("timeout": 30)")) == KCHECK_STATUS_OK);
  Clock::time_point returned;
  auto running = std::async(std::launch::async, [&] {
    const kcheck_status st = inst.run();
    returned = Clock::now();
    return st;
  });
  REQUIRE(wait_until([&] { return server->connections() >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let it block in its read

  const auto cancelled_at = Clock::now();
  CHECK(inst.cancel() == KCHECK_STATUS_OK);
  const auto cancel_returned = Clock::now();
  const kcheck_status st = running.get();
  const double latency = ms_between(cancelled_at, returned);
  std::printf("cancel() itself took %.3f ms; run() returned %.3f ms after cancel()\n",
              ms_between(cancelled_at, cancel_returned), latency);
  CHECK(st == KCHECK_STATUS_CANCELLED);
  CHECK(latency < kGenerousBoundMs);
  // A cancelled run submits nothing, not even a health check: it was not a failure of
  // the endpoint.
  CHECK(inst.collected().submissions() == 0);
}

TEST_CASE("cancel is idempotent and safe from many threads at once", "[abi][cancel]") {
  auto server = serve_nothing();
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(server->url(), R"("timeout": 30)")) == KCHECK_STATUS_OK);
  auto running = std::async(std::launch::async, [&] { return inst.run(); });
  REQUIRE(wait_until([&] { return server->connections() >= 1; }));
  std::vector<std::thread> cancellers;
  std::atomic<int> not_ok{0};
  for (int t = 0; t < 4; ++t) {
    cancellers.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (inst.cancel() != KCHECK_STATUS_OK) ++not_ok;
      }
    });
  }
  for (auto& t : cancellers) t.join();
  CHECK(not_ok.load() == 0);
  CHECK(running.get() == KCHECK_STATUS_CANCELLED);
}

TEST_CASE("a cancel that returned before run() is called does not cancel that run",
          "[abi][cancel]") {
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf("http://127.0.0.1:1/metrics")) == KCHECK_STATUS_OK);
  REQUIRE(inst.cancel() == KCHECK_STATUS_OK);
  CHECK(inst.run() == KCHECK_STATUS_UNAVAILABLE);
}

namespace {
struct SelfCancelling {
  kcheck_instance* instance = nullptr;
  int calls = 0;
};
void cancel_self(void* ctx, const kcheck_service_check*) {
  auto* s = static_cast<SelfCancelling*>(ctx);
  ++s->calls;
  api().cancel(s->instance);
}
void ignore_metric(void*, const kcheck_metric*) {}
void ignore_bucket(void*, const kcheck_histogram_bucket*) {}
}  // namespace

TEST_CASE("cancel from inside a callback of the same run does not deadlock", "[abi][cancel]") {
  kcheck_host_callbacks cb{};
  cb.struct_size = sizeof(cb);
  cb.submit_metric = ignore_metric;
  cb.submit_service_check = cancel_self;
  cb.submit_histogram_bucket = ignore_bucket;
  SelfCancelling ctx;
  REQUIRE(api().create(&cb, &ctx, &ctx.instance, nullptr, 0) == KCHECK_STATUS_OK);
  kcheck_config config{};
  config.struct_size = sizeof(config);
  const std::string conf = endpoint_conf("http://127.0.0.1:1/metrics");
  config.instance = str(conf);
  REQUIRE(api().configure(ctx.instance, &config, nullptr, 0) == KCHECK_STATUS_OK);
  // The health check is the run's last act: the run still reports what happened.
  CHECK(api().run(ctx.instance, nullptr, 0) == KCHECK_STATUS_UNAVAILABLE);
  CHECK(ctx.calls == 1);
  CHECK(api().destroy(ctx.instance) == KCHECK_STATUS_OK);
}
