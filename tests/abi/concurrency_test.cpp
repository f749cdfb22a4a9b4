// Distinct instances are independent: they run concurrently on different threads with no
// shared mutable state (run this under TSan: the tsan preset).
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "loopback.hpp"
#include "plugin_fixture.hpp"

using namespace kcheck::abitest;

namespace {
constexpr int kThreads = 8;
constexpr int kRuns = 5;
}  // namespace

TEST_CASE("eight instances run in parallel threads against one endpoint without interfering",
          "[abi][concurrency]") {
  auto server = serve_demo();
  std::vector<Collected> collected(kThreads);
  std::vector<std::vector<kcheck_status>> statuses(kThreads);
  std::vector<std::vector<std::size_t>> counts(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto i = static_cast<std::size_t>(t);
      Instance inst(&collected[i]);
      const kcheck_status configured = inst.configure(endpoint_conf(server->url()));
      // Start together, so that the runs really overlap.
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int r = 0; r < kRuns; ++r) {
        collected[i].clear();
        statuses[i].push_back(configured == KCHECK_STATUS_OK ? inst.run() : configured);
        counts[i].push_back(collected[i].submissions());
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    const auto i = static_cast<std::size_t>(t);
    INFO("instance " << t);
    CHECK(statuses[i] == std::vector<kcheck_status>(kRuns, KCHECK_STATUS_OK));
    CHECK(counts[i] == std::vector<std::size_t>(kRuns, counts[0][0]));
  }
  CHECK(counts[0][0] == 109);  // 108 metric samples + the health check
  CHECK(server->responses() == static_cast<std::size_t>(kThreads * kRuns));
}

TEST_CASE("instances are created, configured, run and destroyed concurrently",
          "[abi][concurrency]") {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        Instance inst;
        if (inst.configure(endpoint_conf("http://127.0.0.1:1/metrics")) != KCHECK_STATUS_OK ||
            inst.run() != KCHECK_STATUS_UNAVAILABLE || inst.cancel() != KCHECK_STATUS_OK) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);
}
