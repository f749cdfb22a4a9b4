// Behaviour across runs and formats: flush_first_value, atomic runs, target_info read from
// every payload, OpenMetrics input, telemetry, repeated runs.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "map_test_support.hpp"
#include "small_fixture.hpp"

using kcheck::Format;
using kcheck::Status;
using kcheck::StatusCode;
using kcheck::SubmitType;
using kcheck::map::Mapper;
using kcheck::test::default_instance;
using kcheck::test::kEndpointTag;
using kcheck::test::map_data;
using kcheck::test::map_once;
using kcheck::test::RecordingSink;
using kcheck::test::Submission;
namespace small = kcheck::test::small;

namespace {

using Key = std::tuple<std::string, std::vector<std::string>, double, int>;

std::multiset<Key> keys(const RecordingSink& sink) {
  std::multiset<Key> out;
  for (const Submission& s : sink.metrics) {
    out.emplace(s.name, s.sorted_tags(), s.value, static_cast<int>(s.type));
  }
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("flush_first_value is false on the first successful run and true afterwards", "[runs]") {
  Mapper mapper(default_instance());
  const std::string payload = map_data("krakend_small.prom");
  RecordingSink first;
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, first).ok());
  REQUIRE(first.metrics.size() == small::kSeries);
  for (const Submission& s : first.metrics) CHECK_FALSE(s.flush_first_value);
  RecordingSink second;
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, second).ok());
  REQUIRE(second.metrics.size() == small::kSeries);
  for (const Submission& s : second.metrics) CHECK(s.flush_first_value);
}

TEST_CASE("a failed run does not count as the first successful run", "[runs]") {
  auto strict = default_instance();
  strict.map.strict_parsing = true;
  Mapper mapper(strict);
  RecordingSink failed;
  CHECK(mapper.map_payload(map_data("bad_last_line.prom"), Format::kPrometheus, failed).code() ==
        StatusCode::kDataLoss);
  RecordingSink good;
  REQUIRE(mapper.map_payload(map_data("krakend_small.prom"), Format::kPrometheus, good).ok());
  REQUIRE_FALSE(good.metrics.empty());
  for (const Submission& s : good.metrics) CHECK_FALSE(s.flush_first_value);
}

TEST_CASE("with strict_parsing, a payload with an error on its last line submits nothing",
          "[runs]") {
  auto config = default_instance();
  config.map.telemetry = true;
  config.map.strict_parsing = true;
  auto r = map_once(config, map_data("bad_last_line.prom"));
  CHECK(r.status.code() == StatusCode::kDataLoss);
  CHECK(r.status.message().rfind("line 62 col ", 0) == 0);
  CHECK(r.sink.metrics.empty());
  CHECK(r.sink.service_checks == 0);
}

TEST_CASE("repeated runs of one payload submit the same series", "[runs]") {
  Mapper mapper(default_instance());
  const std::string payload = map_data("krakend_small.prom");
  RecordingSink first;
  RecordingSink third;
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, first).ok());
  RecordingSink second;
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, second).ok());
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, third).ok());
  CHECK(keys(first) == keys(third));
  CHECK(keys(second) == keys(third));
}

TEST_CASE("target_info is read again from every payload", "[runs]") {
  Mapper mapper(default_instance());
  const std::string v1 = map_data("krakend_small.prom");
  const std::string v2 = replace_all(v1, "service_version=\"1.0.0\"", "service_version=\"1.0.1\"");
  const std::string gone = v1.substr(0, v1.rfind("# HELP target_info"));
  RecordingSink run1;
  RecordingSink run2;
  RecordingSink run3;
  REQUIRE(mapper.map_payload(v1, Format::kPrometheus, run1).ok());
  REQUIRE(mapper.map_payload(v2, Format::kPrometheus, run2).ok());
  REQUIRE(mapper.map_payload(gone, Format::kPrometheus, run3).ok());
  for (const Submission& s : run1.metrics) CHECK(s.has_tag("krakend.service_version:1.0.0"));
  for (const Submission& s : run2.metrics) {
    CHECK(s.has_tag("krakend.service_version:1.0.1"));
    CHECK_FALSE(s.has_tag("krakend.service_version:1.0.0"));
  }
  REQUIRE(run3.metrics.size() == small::kSeries);
  for (const Submission& s : run3.metrics) {
    CHECK_FALSE(s.has_tag("krakend.service_name:krakend-gateway"));
  }
}

TEST_CASE("OpenMetrics input maps like Prometheus text", "[runs]") {
  auto prom = map_once(default_instance(), map_data("krakend_small.prom"));
  auto om = map_once(default_instance(), map_data("krakend_small.om"), Format::kOpenMetrics);
  REQUIRE(prom.status.ok());
  REQUIRE(om.status.ok());
  // The OpenMetrics file has everything but the alloc_bytes counter: its family name would
  // repeat the gauge's, which OpenMetrics forbids. _created lines are ignored.
  std::multiset<Key> expected = keys(prom.sink);
  const auto alloc = std::find_if(expected.begin(), expected.end(), [](const Key& k) {
    return std::get<0>(k) == "krakend.api.go.memstats.alloc_bytes.count";
  });
  REQUIRE(alloc != expected.end());
  expected.erase(alloc);
  CHECK(keys(om.sink) == expected);
}

TEST_CASE("telemetry counts the samples of the run", "[runs]") {
  auto config = default_instance();
  config.map.telemetry = true;
  config.map.tags = {"team:api"};
  const std::string payload = map_data("krakend_small.prom");
  auto r = map_once(config, payload);
  REQUIRE(r.status.ok());
  struct Expected {
    std::string name;
    SubmitType type;
    double value;
  };
  const std::vector<Expected> expected = {
      {"krakend.api.telemetry.metrics.input.count", SubmitType::kCount, small::kSamples},
      // krakend_unmapped_total and target_info.
      {"krakend.api.telemetry.metrics.ignored.count", SubmitType::kCount, 2},
      {"krakend.api.telemetry.metrics.processed.count", SubmitType::kCount, small::kSeries},
      {"krakend.api.telemetry.metrics.blacklist.count", SubmitType::kCount, 0},
      {"krakend.api.telemetry.families.dropped.count", SubmitType::kCount, 0},
      {"krakend.api.telemetry.payload.size", SubmitType::kGauge,
       static_cast<double>(payload.size())},
  };
  for (const Expected& e : expected) {
    CAPTURE(e.name);
    const auto found = r.sink.find(e.name);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->type == e.type);
    CHECK(found[0]->value == e.value);
    CHECK(found[0]->sorted_tags() == small::tags({{"team:api", std::string(kEndpointTag)}}));
  }
  CHECK(r.sink.metrics.size() == small::kSeries + expected.size());
}

TEST_CASE("telemetry is off by default", "[runs]") {
  auto r = map_once(default_instance(), map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  for (const Submission& s : r.sink.metrics) {
    CHECK(s.name.find(".telemetry.") == std::string::npos);
  }
}

TEST_CASE("an empty payload is a successful run with nothing to submit", "[runs]") {
  Mapper mapper(default_instance());
  RecordingSink sink;
  const Status s = mapper.map_payload("", Format::kPrometheus, sink);
  CHECK(s.ok());
  CHECK(sink.metrics.empty());
}
