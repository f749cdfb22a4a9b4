// Histogram and summary submission (contract, section 3) and the bucket options:
// collect_histogram_buckets, non_cumulative_histogram_buckets,
// histogram_buckets_as_distributions.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "map_test_support.hpp"
#include "small_fixture.hpp"

using kcheck::SubmitType;
using kcheck::config::ExtraMetric;
using kcheck::test::default_instance;
using kcheck::test::map_data;
using kcheck::test::map_once;
using kcheck::test::RecordingSink;
using kcheck::test::Submission;
namespace small = kcheck::test::small;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double value_of(const RecordingSink& sink, const std::string& name,
                std::initializer_list<std::string_view> tags) {
  const auto found = sink.find(name, tags);
  REQUIRE(found.size() == 1);
  return found[0]->value;
}

struct Bucket {
  std::string route;
  double lower;
  double upper;
  double value;
};

void check_distribution(const RecordingSink& sink, const std::string& name,
                        const std::vector<Bucket>& expected) {
  std::size_t n = 0;
  for (const Submission& s : sink.metrics) {
    if (s.name == name) ++n;
  }
  CHECK(n == expected.size());
  for (const Bucket& b : expected) {
    CAPTURE(b.route, b.lower, b.upper);
    std::vector<const Submission*> found;
    for (const Submission& s : sink.metrics) {
      if (s.name == name && s.histogram_bucket && s.lower_bound == b.lower &&
          s.upper_bound == b.upper && (b.route.empty() || s.has_tag("http_route:" + b.route))) {
        found.push_back(&s);
      }
    }
    REQUIRE(found.size() == 1);
    CHECK(found[0]->value == b.value);
    CHECK(found[0]->monotonic);
  }
}

}  // namespace

TEST_CASE("histograms submit finite buckets, sum and count as monotonic counts", "[histogram]") {
  auto r = map_once(default_instance(), map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  const std::string bucket = "krakend.api.http_server.duration.bucket";
  CHECK(value_of(r.sink, bucket, {"http_route:/api/valid", "upper_bound:0.01"}) == 1);
  CHECK(value_of(r.sink, bucket, {"http_route:/api/valid", "upper_bound:0.1"}) == 3);
  CHECK(value_of(r.sink, bucket, {"http_route:/api/valid", "upper_bound:1.0"}) == 4);
  CHECK(r.sink.find(bucket, {"upper_bound:inf"}).empty());
  CHECK(value_of(r.sink, "krakend.api.http_server.duration.sum", {"http_route:/api/invalid"}) ==
        2.5);
  CHECK(value_of(r.sink, "krakend.api.http_server.duration.count", {"http_route:/api/invalid"}) ==
        3);
  CHECK(value_of(r.sink, "krakend.api.http_client.response_size.bucket",
                 {"upper_bound:1048576.0"}) == 4);
  CHECK(value_of(r.sink, "krakend.api.http_client.response_size.bucket",
                 {"upper_bound:67108864.0"}) == 5);
  for (const Submission& s : r.sink.metrics) {
    if (s.name.rfind("krakend.api.http_", 0) == 0) CHECK(s.type == SubmitType::kMonotonicCount);
  }
}

TEST_CASE("summaries submit quantile gauges, sum and count", "[histogram]") {
  auto r = map_once(default_instance(), map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  const std::string q = "krakend.api.go.gc_duration_seconds.quantile";
  CHECK(value_of(r.sink, q, {"quantile:0"}) == 8e-06);
  CHECK(value_of(r.sink, q, {"quantile:0.5"}) == 3.2916e-05);
  CHECK(value_of(r.sink, q, {"quantile:1.0"}) == 0.000403875);
  for (const Submission* s : r.sink.find(q)) CHECK(s->type == SubmitType::kGauge);
  const auto sum = r.sink.find("krakend.api.go.gc_duration_seconds.sum");
  REQUIRE(sum.size() == 1);
  CHECK(sum[0]->type == SubmitType::kMonotonicCount);
  CHECK(sum[0]->value == 0.006522042);
  CHECK(value_of(r.sink, "krakend.api.go.gc_duration_seconds.count", {}) == 177);
}

TEST_CASE("collect_histogram_buckets false drops the buckets only", "[histogram]") {
  auto config = default_instance();
  config.map.collect_histogram_buckets = false;
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.count("krakend.api.http_server.duration.bucket") == 0);
  CHECK(r.sink.count("krakend.api.http_client.response_size.bucket") == 0);
  CHECK(r.sink.count("krakend.api.http_server.duration.sum") == 2);
  CHECK(r.sink.metrics.size() == small::kSeries - 9);
}

TEST_CASE("non_cumulative_histogram_buckets submits differences with a lower_bound tag",
          "[histogram]") {
  auto config = default_instance();
  config.map.non_cumulative_histogram_buckets = true;
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  const std::string bucket = "krakend.api.http_server.duration.bucket";
  // Series A: cumulative 1, 3, 4 (+Inf 4).
  const auto a = r.sink.find(bucket, {"http_route:/api/valid", "upper_bound:0.01"});
  REQUIRE(a.size() == 1);
  CHECK(a[0]->value == 1);
  CHECK(a[0]->sorted_tags() ==
        small::tags({small::server_a(), small::common(), {"upper_bound:0.01", "lower_bound:0"}}));
  CHECK(value_of(r.sink, bucket,
                 {"http_route:/api/valid", "upper_bound:0.1", "lower_bound:0.01"}) == 2);
  CHECK(value_of(r.sink, bucket, {"http_route:/api/valid", "upper_bound:1.0", "lower_bound:0.1"}) ==
        1);
  // Series B: cumulative 0, 2, 2 (+Inf 3).
  CHECK(value_of(r.sink, bucket,
                 {"http_route:/api/invalid", "upper_bound:0.1", "lower_bound:0.01"}) == 2);
  CHECK(value_of(r.sink, bucket,
                 {"http_route:/api/invalid", "upper_bound:1.0", "lower_bound:0.1"}) == 0);
  CHECK(r.sink.find(bucket, {"upper_bound:inf"}).empty());
  CHECK(value_of(r.sink, "krakend.api.http_client.response_size.bucket",
                 {"upper_bound:67108864.0", "lower_bound:1048576.0"}) == 1);
  CHECK(r.sink.metrics.size() == small::kSeries);
}

TEST_CASE("decumulation orders each series' buckets by numeric bound", "[histogram]") {
  auto config = default_instance();
  config.map.non_cumulative_histogram_buckets = true;
  auto r = map_once(config, map_data("interleaved_buckets.prom"));
  REQUIRE(r.status.ok());
  const std::string bucket = "krakend.api.proxy_duration.bucket";
  CHECK(r.sink.count(bucket) == 5);
  // /a: 0.1 -> 2, 0.5 -> 5, 1 -> 7 (+Inf 9), printed out of order and interleaved with /b.
  CHECK(value_of(r.sink, bucket, {"http_route:/a", "lower_bound:0", "upper_bound:0.1"}) == 2);
  CHECK(value_of(r.sink, bucket, {"http_route:/a", "lower_bound:0.1", "upper_bound:0.5"}) == 3);
  CHECK(value_of(r.sink, bucket, {"http_route:/a", "lower_bound:0.5", "upper_bound:1.0"}) == 2);
  // /b: 0.5 -> 1, 1 -> 3 (+Inf 4).
  CHECK(value_of(r.sink, bucket, {"http_route:/b", "lower_bound:0", "upper_bound:0.5"}) == 1);
  CHECK(value_of(r.sink, bucket, {"http_route:/b", "lower_bound:0.5", "upper_bound:1.0"}) == 2);
  CHECK(value_of(r.sink, "krakend.api.proxy_duration.count", {"http_route:/a"}) == 9);
}

TEST_CASE("a first bucket with a bound <= 0 starts at -inf", "[histogram]") {
  auto config = default_instance();
  config.map.non_cumulative_histogram_buckets = true;
  config.map.extra_metrics = {ExtraMetric{"temperature_delta", false, "temperature_delta", ""}};
  auto r = map_once(config, map_data("negative_buckets.prom"));
  REQUIRE(r.status.ok());
  const std::string bucket = "krakend.api.temperature_delta.bucket";
  CHECK(r.sink.count(bucket) == 3);
  CHECK(value_of(r.sink, bucket, {"lower_bound:-inf", "upper_bound:-1.0"}) == 2);
  CHECK(value_of(r.sink, bucket, {"lower_bound:-1.0", "upper_bound:0"}) == 1);
  CHECK(value_of(r.sink, bucket, {"lower_bound:0", "upper_bound:1.0"}) == 4);
}

TEST_CASE("histogram_buckets_as_distributions submits histogram buckets with numeric bounds",
          "[histogram]") {
  auto config = default_instance();
  config.map.histogram_buckets_as_distributions = true;
  config.map.collect_histogram_buckets = false;  // implied back on, as in Datadog's check
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  check_distribution(r.sink, "krakend.api.http_server.duration",
                     {{"/api/valid", 0, 0.01, 1},
                      {"/api/valid", 0.01, 0.1, 2},
                      {"/api/valid", 0.1, 1, 1},
                      {"/api/valid", 1, kInf, 0},
                      {"/api/invalid", 0, 0.01, 0},
                      {"/api/invalid", 0.01, 0.1, 2},
                      {"/api/invalid", 0.1, 1, 0},
                      {"/api/invalid", 1, kInf, 1}});
  check_distribution(r.sink, "krakend.api.http_client.response_size",
                     {{"", 0, 524288, 4},
                      {"", 524288, 1048576, 0},
                      {"", 1048576, 67108864, 1},
                      {"", 67108864, kInf, 0}});
  const auto first = r.sink.find("krakend.api.http_server.duration",
                                 {"http_route:/api/valid", "upper_bound:0.01"});
  REQUIRE(first.size() == 1);
  CHECK(first[0]->sorted_tags() ==
        small::tags({small::server_a(), small::common(), {"upper_bound:0.01", "lower_bound:0"}}));
  // Like Datadog without collect_counters_with_distributions: no .bucket/.sum/.count.
  CHECK(r.sink.count("krakend.api.http_server.duration.bucket") == 0);
  CHECK(r.sink.count("krakend.api.http_server.duration.sum") == 0);
  CHECK(r.sink.count("krakend.api.http_server.duration.count") == 0);
  CHECK(r.sink.metrics.size() == small::kSeries - 15 + 12);
}

TEST_CASE("distributions skip the empty -inf/-inf bucket and keep the others", "[histogram]") {
  auto config = default_instance();
  config.map.histogram_buckets_as_distributions = true;
  config.map.extra_metrics = {ExtraMetric{"temperature_delta", false, "temperature_delta", ""}};
  auto r = map_once(config, map_data("negative_buckets.prom"));
  REQUIRE(r.status.ok());
  check_distribution(r.sink, "krakend.api.temperature_delta",
                     {{"", -kInf, -1, 2}, {"", -1, 0, 1}, {"", 0, 1, 4}, {"", 1, kInf, 1}});
}
