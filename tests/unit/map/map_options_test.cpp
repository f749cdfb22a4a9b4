// Options that decide which families are collected and under which names (contract,
// sections 2, 5 and 7): raw_metric_prefix, raw_line_filters, extra_metrics, exclude_metrics,
// go_metrics / process_metrics, the semantic-convention families, untyped families.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "map_test_support.hpp"
#include "small_fixture.hpp"

using kcheck::Format;
using kcheck::StatusCode;
using kcheck::SubmitType;
using kcheck::config::ExtraMetric;
using kcheck::test::default_instance;
using kcheck::test::map_data;
using kcheck::test::map_once;
using kcheck::test::Submission;
namespace small = kcheck::test::small;

TEST_CASE("the small fixture maps to its hand-counted series with default options", "[options]") {
  auto r = map_once(default_instance(), map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.metrics.size() == small::kSeries);
  CHECK(r.sink.count("krakend.api.process.max_fds") == 0);  // its value is NaN
  CHECK(r.sink.count("krakend.api.krakend_unmapped.count") == 0);
  const auto bucket = r.sink.find("krakend.api.http_server.duration.bucket",
                                  {"http_route:/api/valid", "upper_bound:0.01"});
  REQUIRE(bucket.size() == 1);
  CHECK(bucket[0]->sorted_tags() ==
        small::tags({small::server_a(), small::common(), {"upper_bound:0.01"}}));
}

TEST_CASE("raw_metric_prefix is removed before the map is consulted", "[options]") {
  auto config = default_instance();
  SECTION("without the option only the unprefixed family is known") {
    auto r = map_once(config, map_data("prefixed.prom"));
    REQUIRE(r.status.ok());
    REQUIRE(r.sink.metrics.size() == 1);
    CHECK(r.sink.metrics[0].name == "krakend.api.go.threads");
  }
  SECTION("with it the prefixed families map, and unprefixed ones still do") {
    config.map.raw_metric_prefix = "acme_";
    auto r = map_once(config, map_data("prefixed.prom"));
    REQUIRE(r.status.ok());
    CHECK(r.sink.metrics.size() == 5);
    const auto b = r.sink.find("krakend.api.http_server.duration.bucket", {"upper_bound:0.5"});
    REQUIRE(b.size() == 1);
    CHECK(b[0]->value == 1);
    CHECK(r.sink.find("krakend.api.http_server.duration.sum")[0]->value == 0.7);
    CHECK(r.sink.find("krakend.api.go.goroutines")[0]->value == 12);
    CHECK(r.sink.find("krakend.api.go.threads")[0]->value == 9);
  }
  SECTION("go_metrics applies to the name without the prefix") {
    config.map.raw_metric_prefix = "acme_";
    config.map.go_metrics = false;
    auto r = map_once(config, map_data("prefixed.prom"));
    REQUIRE(r.status.ok());
    CHECK(r.sink.metrics.size() == 3);
    CHECK(r.sink.count("krakend.api.go.goroutines") == 0);
  }
}

TEST_CASE("raw_line_filters remove whole lines before parsing and count them", "[options]") {
  auto config = default_instance();
  config.map.raw_line_filters = {R"(le="0\.01")", "^go_"};
  config.map.telemetry = true;
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  for (const Submission& s : r.sink.metrics) {
    CAPTURE(s.name);
    CHECK_FALSE(s.has_tag("upper_bound:0.01"));
    CHECK(s.name.rfind("krakend.api.go.", 0) == std::string::npos);
  }
  // 2 buckets with le="0.01", 9 go_ sample lines (HELP/TYPE lines start with '#').
  const auto blacklist = r.sink.find("krakend.api.telemetry.metrics.blacklist.count");
  REQUIRE(blacklist.size() == 1);
  CHECK(blacklist[0]->value == 11);
  CHECK(r.sink.find("krakend.api.telemetry.metrics.input.count")[0]->value == small::kSamples - 11);
}

TEST_CASE("a parse error after a filtered line is reported at its line in the payload",
          "[options]") {
  const std::string payload = "# TYPE go_threads gauge\ngo_threads 1\nnoise to drop\nbroken{ 2\n";
  auto config = default_instance();
  config.map.strict_parsing = true;  // the error itself is what this test reads
  SECTION("unfiltered, the noise line itself is the error") {
    auto r = map_once(config, payload);
    CHECK(r.status.code() == StatusCode::kDataLoss);
    CHECK(r.status.message().rfind("line 3 col ", 0) == 0);
    CHECK(r.sink.metrics.empty());
  }
  SECTION("filtered, the error is still on line 4 of what the endpoint sent") {
    config.map.raw_line_filters = {"^noise"};
    auto r = map_once(config, payload);
    CHECK(r.status.code() == StatusCode::kDataLoss);
    CHECK(r.status.message().rfind("line 4 col ", 0) == 0);
    CHECK(r.sink.metrics.empty());
  }
}

TEST_CASE("extra_metrics collect a family the map does not know", "[options]") {
  struct Case {
    ExtraMetric entry;
    std::string name;
    SubmitType type;
  };
  const Case c = GENERATE(values<Case>({
      // `- krakend_unmapped` (counters are named without _total)
      {{"krakend_unmapped", false, "krakend_unmapped", ""},
       "krakend.api.krakend_unmapped.count",
       SubmitType::kMonotonicCount},
      // `- krakend_unmapped: custom.unmapped`
      {{"krakend_unmapped", false, "custom.unmapped", ""},
       "krakend.api.custom.unmapped.count",
       SubmitType::kMonotonicCount},
      // `- krakend_unmapped: {name: custom.unmapped, type: gauge}`
      {{"krakend_unmapped", false, "custom.unmapped", "gauge"},
       "krakend.api.custom.unmapped",
       SubmitType::kGauge},
      // `- krakend_unmapped: {type: native}`
      {{"krakend_unmapped", false, "krakend_unmapped", "native"},
       "krakend.api.krakend_unmapped.count",
       SubmitType::kMonotonicCount},
      // a pattern submits the family under its own raw name, as Datadog does
      {{"^krakend_unm.*", true, "ignored.name", ""},
       "krakend.api.krakend_unmapped.count",
       SubmitType::kMonotonicCount},
  }));
  CAPTURE(c.entry.raw, c.entry.name, c.entry.type);
  auto config = default_instance();
  config.map.extra_metrics = {c.entry};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.metrics.size() == small::kSeries + 1);
  const auto found = r.sink.find(c.name, {"http_route:/api/valid"});
  REQUIRE(found.size() == 1);
  CHECK(found[0]->type == c.type);
  CHECK(found[0]->value == 5);
}

TEST_CASE("extra_metrics take precedence over the map for the same family", "[options]") {
  auto config = default_instance();
  config.map.extra_metrics = {{"go_goroutines", false, "go.routines", ""}};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.count("krakend.api.go.goroutines") == 0);
  REQUIRE(r.sink.count("krakend.api.go.routines") == 1);
  CHECK(r.sink.find("krakend.api.go.routines")[0]->value == 17);
  CHECK(r.sink.metrics.size() == small::kSeries);
}

TEST_CASE("an extra_metrics type overrides the type the payload declares", "[options]") {
  struct Case {
    ExtraMetric entry;
    std::vector<std::string> names;
  };
  const Case c = GENERATE(values<Case>({
      {{"go_goroutines", false, "go.goroutines_seen", "counter"},
       {"krakend.api.go.goroutines_seen.count"}},
      // A histogram read as a summary: no quantile lines, its buckets are not summary lines.
      {{"http_server_duration", false, "http_server.duration", "summary"},
       {"krakend.api.http_server.duration.count", "krakend.api.http_server.duration.sum"}},
      // A summary read as a histogram: its quantile lines are not buckets.
      {{"go_gc_duration_seconds", false, "go.gc_duration_seconds", "histogram"},
       {"krakend.api.go.gc_duration_seconds.count", "krakend.api.go.gc_duration_seconds.sum"}},
  }));
  CAPTURE(c.entry.raw, c.entry.type);
  auto config = default_instance();
  config.map.extra_metrics = {c.entry};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  std::vector<std::string> names;
  const std::string prefix = "krakend.api." + c.entry.name;
  for (const Submission& s : r.sink.metrics) {
    if (s.name.rfind(prefix, 0) == 0 &&
        (s.name.size() == prefix.size() || s.name[prefix.size()] == '.')) {
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
    }
  }
  std::sort(names.begin(), names.end());
  CHECK(names == c.names);
}

TEST_CASE("an untyped family is collected only when its kind is known", "[options]") {
  auto config = default_instance();
  SECTION("a family of the map is submitted with the kind of its row") {
    auto r = map_once(config, map_data("untyped.prom"));
    REQUIRE(r.status.ok());
    REQUIRE(r.sink.metrics.size() == 1);
    CHECK(r.sink.metrics[0].name == "krakend.api.go.goroutines");
    CHECK(r.sink.metrics[0].type == SubmitType::kGauge);
  }
  SECTION("an extra_metrics entry without a type cannot say what it is") {
    config.map.extra_metrics = {{"legacy_queue_depth", false, "legacy.queue_depth", ""}};
    auto r = map_once(config, map_data("untyped.prom"));
    REQUIRE(r.status.ok());
    CHECK(r.sink.count("krakend.api.legacy.queue_depth") == 0);
  }
  SECTION("an extra_metrics entry with a type can") {
    config.map.extra_metrics = {{"legacy_queue_depth", false, "legacy.queue_depth", "gauge"}};
    auto r = map_once(config, map_data("untyped.prom"));
    REQUIRE(r.status.ok());
    const auto found = r.sink.find("krakend.api.legacy.queue_depth", {"queue:a"});
    REQUIRE(found.size() == 1);
    CHECK(found[0]->value == 4);
  }
}

TEST_CASE("exclude_metrics drops families by exact name or pattern", "[options]") {
  struct Case {
    std::vector<std::string> exclude;
    std::size_t series;
    std::vector<std::string> gone;
  };
  const Case c = GENERATE(values<Case>({
      {{"go_goroutines"}, small::kSeries - 1, {"krakend.api.go.goroutines"}},
      {{"^http_server_"}, small::kSeries - 10, {"krakend.api.http_server.duration.count"}},
      // Counters are named without _total: the gauge and the counter share the name.
      {{"go_memstats_alloc_bytes"},
       small::kSeries - 2,
       {"krakend.api.go.memstats.alloc_bytes", "krakend.api.go.memstats.alloc_bytes.count"}},
      // Patterns are searched; go_gc_duration_seconds does not end with _duration.
      {{".*_duration$"}, small::kSeries - 10, {"krakend.api.http_server.duration.sum"}},
      // A plain name is exact, never a substring.
      {{"go_gorout"}, small::kSeries, {}},
  }));
  CAPTURE(c.exclude);
  auto config = default_instance();
  config.map.exclude_metrics = c.exclude;
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.metrics.size() == c.series);
  for (const std::string& n : c.gone) CHECK(r.sink.count(n) == 0);
}

TEST_CASE("go_metrics and process_metrics false drop the go_ and process_ families", "[options]") {
  auto config = default_instance();
  config.map.go_metrics = false;
  config.map.process_metrics = false;
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  // summary 5, go gauges 3, alloc counter 1, process 2.
  CHECK(r.sink.metrics.size() == small::kSeries - 11);
  for (const Submission& s : r.sink.metrics) {
    CAPTURE(s.name);
    CHECK(s.name.rfind("krakend.api.go.", 0) == std::string::npos);
    CHECK(s.name.rfind("krakend.api.process.", 0) == std::string::npos);
  }
}

TEST_CASE("the semantic-convention families are mapped to documented names", "[options]") {
  auto r = map_once(default_instance(), map_data("krakend_semconv.prom"));
  REQUIRE(r.status.ok());
  struct Expected {
    std::string name;
    std::string bound;
    double value;
  };
  const std::vector<Expected> expected = {
      {"krakend.api.http_client.request_body_size.bucket", "upper_bound:128.0", 1},
      {"krakend.api.http_client.request_body_size.sum", "", 42},
      {"krakend.api.http_client.request_duration.bucket", "upper_bound:0.01", 1},
      {"krakend.api.http_client.request_duration.count", "", 2},
      {"krakend.api.http_client.response_body_size.bucket", "upper_bound:128.0", 2},
      {"krakend.api.http_client.response_body_size.sum", "", 78},
      {"krakend.api.http_server.request_body_size.bucket", "upper_bound:128.0", 3},
      {"krakend.api.http_server.request_body_size.count", "", 3},
      {"krakend.api.http_server.request_duration.bucket", "upper_bound:0.01", 2},
      {"krakend.api.http_server.request_duration.sum", "", 0.75},
      {"krakend.api.http_server.response_body_size.bucket", "upper_bound:1048576.0", 4},
      {"krakend.api.http_server.response_body_size.count", "", 4},
      // detailed_connection: the legacy Datadog names.
      {"krakend.api.http_client.request_dns_duration.bucket", "upper_bound:0.01", 1},
      {"krakend.api.http_client.request_dns_duration.sum", "", 0.002},
      {"krakend.api.http_client.request_get_conn_duration.count", "", 3},
      {"krakend.api.http_client.request_tls_duration.bucket", "upper_bound:0.01", 0},
      {"krakend.api.http_client.response_no_content_length.count", "", 5},
  };
  for (const Expected& e : expected) {
    CAPTURE(e.name, e.bound);
    const auto found = e.bound.empty() ? r.sink.find(e.name) : r.sink.find(e.name, {e.bound});
    REQUIRE(found.size() == 1);
    CHECK(found[0]->value == e.value);
    CHECK(found[0]->type == SubmitType::kMonotonicCount);
    CHECK(found[0]->has_tag("krakend.service_name:krakend-gateway"));
  }
  // 6 histograms x (.sum, .count) + 7 finite buckets.
  // 19 for the six semconv histograms; 3 x (bucket, sum, count) + 1 for detailed_connection.
  CHECK(r.sink.metrics.size() == 19 + 10);
}

TEST_CASE("an invalid pattern makes every run fail with the option named", "[options]") {
  auto config = default_instance();
  config.map.exclude_metrics = {"go_(unclosed"};
  kcheck::map::Mapper mapper(config);
  CHECK(mapper.config_status().code() == StatusCode::kInvalidArgument);
  CHECK(mapper.config_status().message() ==
        "exclude_metrics[0]: invalid regular expression \"go_(unclosed\": missing )");
  kcheck::test::RecordingSink sink;
  const kcheck::Status s =
      mapper.map_payload(map_data("krakend_small.prom"), Format::kPrometheus, sink);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == mapper.config_status().message());
  CHECK(sink.metrics.empty());
}
