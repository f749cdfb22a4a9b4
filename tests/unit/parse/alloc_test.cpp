// "No allocation per sample on the happy path" (house style, issue 2), measured: this binary
// replaces the global operator new/delete with counting versions, so it is a test executable
// of its own. The parser allocates when a family starts (its name index, the OpenMetrics
// name set) and while its reusable buffers warm up, so the claim is checked as "the count
// after the first sample does not grow with the number of samples": N and 4N samples of
// the same families allocate exactly as often.
#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "counting_new.hpp"
#include "kcheck/parse.hpp"
#include "krakend_shaped_payload.hpp"

namespace {

using kcheck::Event;
using kcheck::Format;

using kcheck::test::allocations;
using kcheck::test::counter_sees_allocations;
using kcheck::test::kFamilies;
using kcheck::test::kSamplesPerSeries;

struct Measured {
  bool reached_end = false;
  std::string error;
  std::size_t samples = 0;      ///< including the first one, read before counting
  std::size_t allocations = 0;  ///< from just after the first sample to kEnd
};

/// Parses `payload`, counting the allocations after the first sample. No Catch2 macro runs
/// while counting: they allocate.
Measured measure(std::string_view payload, Format format) {
  Measured m;
  kcheck::Parser parser(payload, format);
  Event event = parser.next();
  while (event == Event::kFamily) event = parser.next();
  if (event != Event::kSample) {
    m.error = "no first sample";
    return m;
  }
  m.samples = 1;
  const std::size_t before = allocations();
  for (;;) {
    event = parser.next();
    if (event == Event::kSample) {
      ++m.samples;
    } else if (event != Event::kFamily) {
      break;
    }
  }
  m.allocations = allocations() - before;
  m.reached_end = event == Event::kEnd;
  if (event == Event::kError) m.error = parser.error().to_string(payload);
  return m;
}

/// Series per family: 8 and 32. 32 is the most the OpenMetrics contiguity set holds
/// before it first doubles (group_set.hpp); past that it grows once per doubling of the
/// series of the largest family, which is per series, amortized, not per sample.
constexpr std::size_t kSeries = 8;

void check_allocations_do_not_grow_with_samples(Format format) {
  REQUIRE(counter_sees_allocations());
  const std::string small = kcheck::test::krakend_shaped_payload(format, kSeries);
  const std::string large = kcheck::test::krakend_shaped_payload(format, 4 * kSeries);
  const Measured n = measure(small, format);
  const Measured n4 = measure(large, format);
  INFO("N: " << n.samples << " samples, " << n.allocations << " allocations after the first");
  INFO("4N: " << n4.samples << " samples, " << n4.allocations << " allocations after the first");
  REQUIRE(n.error.empty());
  REQUIRE(n4.error.empty());
  REQUIRE(n.reached_end);
  REQUIRE(n4.reached_end);
  REQUIRE(n.samples == kSeries * kSamplesPerSeries);
  REQUIRE(n4.samples == 4 * n.samples);
  REQUIRE(n4.samples > 3000);  // a few thousand lines, as a KrakenD with many endpoints
  CHECK(n4.allocations == n.allocations);
  // What remains is per family: the 0.0.4 family index, the OpenMetrics set of the up to
  // five sample names a histogram owns, the metadata lines' message text. A bound, not an
  // exact figure, so that the test does not pin containers' growth policies.
  CHECK(n.allocations <= kFamilies * 16);
}

}  // namespace

TEST_CASE("the parse allocation counter sees the allocations of this binary", "[parse][alloc]") {
  REQUIRE(counter_sees_allocations());
}

TEST_CASE(
    "the 0.0.4 parser's allocations after the first sample are the same for N and 4N samples "
    "of the same families",
    "[parse][alloc]") {
  check_allocations_do_not_grow_with_samples(Format::kPrometheus);
}

TEST_CASE(
    "the OpenMetrics parser's allocations after the first sample are the same for N and 4N "
    "samples of the same families",
    "[parse][alloc]") {
  check_allocations_do_not_grow_with_samples(Format::kOpenMetrics);
}
