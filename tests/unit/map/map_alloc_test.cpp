// "No per-sample allocation between the parser and the host callback" (issue 15), measured:
// this binary counts every heap allocation (tests/support/counting_new.cpp), so it is a test
// executable of its own. A Mapper keeps its per-run buffers (the tag arena, the series and
// pending tables, the bound and label caches) from one run to the next, so an instance that
// has run once on a payload of a given shape runs again on it without allocating per sample
// or per series: what is left is the parser's per-family work. The claim is checked as
// "a warmed-up run over N and over 4N series of the same families allocates exactly as often".
#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "counting_new.hpp"
#include "counting_sink.hpp"
#include "kcheck/parse.hpp"
#include "krakend_shaped_payload.hpp"
#include "map/krakend_map.hpp"

namespace {

using kcheck::Format;
using kcheck::test::allocations;

struct Measured {
  bool ok = false;
  std::string error;
  std::size_t submissions = 0;
  std::size_t allocations = 0;  ///< of the third run
};

/// Three runs of one Mapper over `payload`; the allocations of the third are counted. No
/// Catch2 macro runs while counting: they allocate.
Measured measure(const kcheck::config::InstanceConfig& config, const std::string& payload,
                 Format format) {
  Measured m;
  kcheck::map::Mapper mapper(config);
  kcheck::test::CountingSink sink;
  for (int warm = 0; warm < 2; ++warm) {
    if (const kcheck::Status s = mapper.map_payload(payload, format, sink); !s.ok()) {
      m.error = s.message();
      return m;
    }
  }
  sink.submissions = 0;
  const std::size_t before = allocations();
  const kcheck::Status s = mapper.map_payload(payload, format, sink);
  m.allocations = allocations() - before;
  m.ok = s.ok();
  if (!s.ok()) m.error = s.message();
  m.submissions = sink.submissions;
  return m;
}

constexpr std::size_t kSeries = 8;

void check_warm_runs_do_not_allocate_per_sample(const kcheck::config::InstanceConfig& config,
                                                Format format) {
  REQUIRE(kcheck::test::counter_sees_allocations());
  const std::string small = kcheck::test::krakend_shaped_payload(format, kSeries);
  const std::string large = kcheck::test::krakend_shaped_payload(format, 4 * kSeries);
  const Measured n = measure(config, small, format);
  const Measured n4 = measure(config, large, format);
  INFO("N: " << n.submissions << " submissions, " << n.allocations << " allocations");
  INFO("4N: " << n4.submissions << " submissions, " << n4.allocations << " allocations");
  REQUIRE(n.error.empty());
  REQUIRE(n4.error.empty());
  REQUIRE(n.ok);
  REQUIRE(n4.ok);
  REQUIRE(n.submissions > 100);
  REQUIRE(n4.submissions >= 4 * n.submissions - 8);  // the fixed telemetry/health part aside
  CHECK(n4.allocations == n.allocations);
  // What remains is the parser's, per family (parse/alloc_test.cpp bounds it).
  CHECK(n.allocations <= kcheck::test::kFamilies * 24);
}

kcheck::config::InstanceConfig instance() {
  kcheck::config::InstanceConfig c;
  c.http.endpoint = "http://localhost:9090/metrics";
  // Not every family of the shaped payload is in the KrakenD map: collect them all.
  c.map.extra_metrics.push_back({".*", true, "", ""});
  return c;
}

}  // namespace

TEST_CASE("a warmed-up Mapper allocates as often for N as for 4N series (0.0.4)", "[map][alloc]") {
  check_warm_runs_do_not_allocate_per_sample(instance(), Format::kPrometheus);
}

TEST_CASE("a warmed-up Mapper allocates as often for N as for 4N series (OpenMetrics)",
          "[map][alloc]") {
  check_warm_runs_do_not_allocate_per_sample(instance(), Format::kOpenMetrics);
}
