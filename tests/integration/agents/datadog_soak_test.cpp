// Soak: libdatadog-agent-krakend_native.so, loaded and run as the Agent does (datadog_host.hpp),
// must hold nothing between Runs. Thousands of Runs of one instance, and thousands of check_ids
// run once each (Autodiscovery gives a check a new check_id whenever its config changes),
// against a loopback endpoint: right after the loops the process has exactly the descriptors
// and threads it had after the warm-up, and its resident memory grew by less than a generous
// bound. The numbers are printed, so that they show in the CTest log.
#include <malloc.h>

#include <catch2/catch.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "datadog_host.hpp"
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
// Generous for what a Run may leave behind (allocator arenas of the Agent-like threads); a leak
// of a few KiB per Run does not fit.
constexpr long kRssGrowthBound = 32 * kMiB;
// Each cached instance keeps what its Check keeps between runs, none of it a descriptor and
// none of it a per-run buffer (Run frees them): the parsed config, the texts it was built
// from and the label/family caches, 35-40 KiB measured (+41 MiB with 1 024 cached, Debug).
// Churned check_ids fill the cache once; from then on memory must stay flat.
constexpr long kCachedInstancesBound =
    static_cast<long>(kcheck::datadog::kMaxInstances) * 64 * 1024;

// ASan's quarantine keeps up to 256 MiB of freed memory resident on purpose: resident size says
// nothing about leaks there, so it is printed but not bounded (LeakSanitizer checks leaks at
// exit instead). Descriptors and threads are checked in every build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssMeaningful = false;
#else
constexpr bool kRssMeaningful = true;
#endif

struct Usage {
  int fds = 0;
  int threads = 0;
  long rss = 0;
};

std::ostream& operator<<(std::ostream& out, const Usage& u) {
  return out << "fds " << u.fds << ", threads " << u.threads << ", rss " << u.rss / 1024 << " KiB";
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
                 kcheck::test::resident_bytes()};
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

void check_rss_growth(const char* what, long growth, long bound) {
  std::cout << "  " << what << ": " << growth / 1024 << " KiB (bound " << bound / 1024 << " KiB"
            << (kRssMeaningful ? "" : ", not checked under a sanitizer") << ")" << std::endl;
  if (kRssMeaningful) CHECK(growth < bound);
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
  check_rss_growth("rss growth", after.rss - baseline.rss, kRssGrowthBound);
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
  check_rss_growth("rss growth once the cap is reached", after.rss - at_cap.rss, kRssGrowthBound);
  check_rss_growth("rss growth in all", after.rss - baseline.rss,
                   kCachedInstancesBound + kRssGrowthBound);

  // The cap: the latest check_id is still configured (its next run continues), while one just
  // older than the kMaxInstances latest was dropped (its next run starts over).
  const int latest = kRuns - 1;
  const int beyond_cap = kRuns - 1 - static_cast<int>(kcheck::datadog::kMaxInstances);
  CHECK(continues(run_churned(soak, latest)));
  CHECK_FALSE(continues(run_churned(soak, beyond_cap)));
}
