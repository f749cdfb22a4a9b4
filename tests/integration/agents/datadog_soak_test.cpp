// Soak: libdatadog-agent-krakend_native.so, loaded and run as the Agent does (datadog_host.hpp),
// must hold nothing between Runs. Thousands of Runs of one instance, and thousands of check_ids
// run once each (Autodiscovery gives a check a new check_id whenever its config changes),
// against a loopback endpoint: right after the loops the process has exactly the descriptors
// and threads it had after the warm-up, its live heap grew by less than a tight bound, and (in
// builds without a sanitizer) its resident memory by less than a generous one. The numbers are
// printed, so that they show in the CTest log.
#include <malloc.h>

#include <catch2/catch.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "datadog_host.hpp"
#include "heap_usage.hpp"
#include "instance_registry.hpp"
#include "loopback_server.hpp"
#include "shared_data.hpp"

using kcheck::test::AggregatorTable;
using kcheck::test::LoadedCheck;
using kcheck::test::LoopbackServer;
using kcheck::test::Recorder;
using kcheck::test::Submission;

namespace {

constexpr int kRuns = 2000;
constexpr int kWarmUpRuns = 3;
constexpr long kMiB = 1024 * 1024;
// Generous for what a Run may leave resident (allocator arenas of the Agent-like threads).
constexpr long kRssGrowthBound = 32 * kMiB;
// The live heap is exact (0 - 155 KiB of growth measured): 2 000 Runs that each kept 1 KiB
// would not fit.
constexpr long kHeapGrowthBound = 2 * kMiB;
// Each cached instance keeps what its Check keeps between runs, none of it a descriptor and
// none of it a per-run buffer (Run frees them): the parsed config, the texts it was built
// from and the label/family caches, 35-40 KiB measured (+41 MiB with 1 024 cached, Debug).
// Churned check_ids fill the cache once; from then on memory must stay flat.
constexpr long kCachedInstancesBound =
    static_cast<long>(kcheck::datadog::kMaxInstances) * 64 * 1024;

struct Usage {
  int fds = 0;
  int threads = 0;
  long rss = 0;
  long heap = 0;  ///< live heap bytes (heap_usage.hpp)
};

std::ostream& operator<<(std::ostream& out, const Usage& u) {
  return out << "fds " << u.fds << ", threads " << u.threads << ", rss " << u.rss / 1024
             << " KiB, heap " << u.heap / 1024 << " KiB";
}

class Soak {
 public:
  Soak() : check_(KCHECK_DATADOG_LIBRARY), table_(/*with_log_slot=*/true) {
    Recorder::instance().clear();
    auto body = kcheck::test::read_file(std::filesystem::path(KCHECK_AGENTS_DATA_DIR) /
                                        "krakend_metrics.txt");
    REQUIRE(body.has_value());
    kcheck::test::Route route;
    route.body = *body;
    server_.set_route("/metrics", route);
    REQUIRE(check_.loaded());
  }

  // What the Agent sends for one configured instance: block-style YAML, keys sorted.
  std::string instance_text(const std::string& tag) const {
    return "openmetrics_endpoint: " + server_.url("/metrics") + "\ntags:\n- " + tag + "\n";
  }

  // One Run on its own thread, as the Agent makes it; what it submitted.
  std::vector<Submission> run(const std::string& check_id, const std::string& instance) {
    const auto outcome = check_.run(check_id, "", instance, table_);
    INFO(check_id);
    REQUIRE_FALSE(outcome.error.has_value());
    server_.quiesce();  // join the server's connection thread: not the adapter's
    return Recorder::instance().take(check_id);
  }

  Usage usage() {
    server_.quiesce();
    // Free memory the allocator keeps cached (in every arena: each Run has its own thread) goes
    // back to the system first, so that resident size is what is still in use.
    ::malloc_trim(0);
    return Usage{kcheck::test::fd_count(), kcheck::test::thread_count(),
                 kcheck::test::resident_bytes(),
                 static_cast<long>(kcheck::test::live_heap_bytes())};
  }

 private:
  LoopbackServer server_;
  LoadedCheck check_;
  AggregatorTable table_;
};

void check_descriptors_and_threads(const char* what, const Usage& baseline, const Usage& after) {
  std::cout << what << "\n  after warm-up:  " << baseline << "\n  after " << kRuns
            << " runs: " << after << std::endl;
  CHECK(after.fds == baseline.fds);
  // A server thread just joined may still be listed for a moment: count again once it has gone.
  const int threads = after.threads > baseline.threads
                          ? kcheck::test::settled_thread_count(baseline.threads)
                          : after.threads;
  CHECK(threads == baseline.threads);
}

// The live heap is bounded in every build. Resident size is not under a sanitizer: ASan's
// quarantine keeps up to 256 MiB of freed memory resident on purpose, so there it says nothing
// about leaks (LeakSanitizer checks those at exit too).
void check_memory_growth(const char* what, const Usage& from, const Usage& to, long heap_bound,
                         long rss_bound) {
  const long heap = to.heap - from.heap;
  const long rss = to.rss - from.rss;
  const std::string rss_bound_text = kcheck::test::kSanitizerHeap
                                         ? std::string("not checked under a sanitizer")
                                         : "bound " + std::to_string(rss_bound / 1024) + " KiB";
  std::cout << "  " << what << ": heap " << heap / 1024 << " KiB ("
            << kcheck::test::live_heap_source() << ", bound " << heap_bound / 1024 << " KiB), rss "
            << rss / 1024 << " KiB (" << rss_bound_text << ")" << std::endl;
  CHECK(heap < heap_bound);
  if (!kcheck::test::kSanitizerHeap) CHECK(rss < rss_bound);
}

// A re-created instance starts over: none of its first run's submissions asks the Agent to
// flush a first value. A cached one continues, and its counters do.
bool continues(const std::vector<Submission>& submissions) {
  for (const Submission& s : submissions) {
    if (s.flush_first_value) return true;
  }
  return false;
}

// The i-th churned check: its own check_id and its own config text.
std::vector<Submission> run_churned(Soak& soak, int i) {
  return soak.run("krakend_native:churn:" + std::to_string(i),
                  soak.instance_text("churn:" + std::to_string(i)));
}

}  // namespace

TEST_CASE("Thousands of Runs of one instance leave descriptors, threads and memory flat",
          "[soak]") {
  Soak soak;
  const std::string id = "krakend_native:steady:1";
  const std::string instance = soak.instance_text("instance:steady");
  for (int i = 0; i < kWarmUpRuns; ++i) soak.run(id, instance);
  const Usage baseline = soak.usage();
  for (int i = 0; i < kRuns; ++i) {
    const auto submitted = soak.run(id, instance);
    REQUIRE(continues(submitted));
  }
  const Usage after = soak.usage();
  check_descriptors_and_threads("one instance, run again and again:", baseline, after);
  check_memory_growth("growth", baseline, after, kHeapGrowthBound, kRssGrowthBound);
}

TEST_CASE("Thousands of check_ids run once each leave descriptors, threads and memory flat",
          "[soak]") {
  Soak soak;
  for (int i = 0; i < kWarmUpRuns; ++i) {
    soak.run("krakend_native:warm-up:" + std::to_string(i), soak.instance_text("warm-up"));
  }
  const Usage baseline = soak.usage();
  Usage at_cap;
  for (int i = 0; i < kRuns; ++i) {
    run_churned(soak, i);
    if (i + 1 == static_cast<int>(kcheck::datadog::kMaxInstances)) at_cap = soak.usage();
  }
  const Usage after = soak.usage();
  check_descriptors_and_threads("check_ids churned, each run once:", baseline, after);
  std::cout << "  with " << kcheck::datadog::kMaxInstances << " cached: " << at_cap << std::endl;
  check_memory_growth("growth once the cap is reached", at_cap, after, kHeapGrowthBound,
                      kRssGrowthBound);
  check_memory_growth("growth in all", baseline, after, kCachedInstancesBound + kHeapGrowthBound,
                      kCachedInstancesBound + kRssGrowthBound);

  // The cap: the latest check_id is still configured (its next run continues), while one just
  // older than the kMaxInstances latest was dropped (its next run starts over).
  const int latest = kRuns - 1;
  const int beyond_cap = kRuns - 1 - static_cast<int>(kcheck::datadog::kMaxInstances);
  CHECK(continues(run_churned(soak, latest)));
  CHECK_FALSE(continues(run_churned(soak, beyond_cap)));
}
