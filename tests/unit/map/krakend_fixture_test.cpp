// The real KrakenD 2.10 scrape of ../shared (fixtures/krakend/metrics.txt) through the map with
// default options. Every expectation below was worked out by hand from the contract
// (docs/metric-map.md) and the fixture's text, not captured from the code's output.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "map_test_support.hpp"

using kcheck::Format;
using kcheck::SubmitType;
using kcheck::test::default_instance;
using kcheck::test::kEndpointTag;
using kcheck::test::map_once;
using kcheck::test::RecordingSink;
using kcheck::test::shared_fixture;
using kcheck::test::Submission;

namespace {

constexpr SubmitType kGauge = SubmitType::kGauge;
constexpr SubmitType kCount = SubmitType::kMonotonicCount;

const RecordingSink& fixture_run() {
  static const RecordingSink sink = [] {
    auto r = map_once(default_instance(), shared_fixture("metrics.txt"));
    REQUIRE(r.status.ok());
    return r.sink;
  }();
  return sink;
}

std::set<std::string> names_of(const RecordingSink& sink) {
  std::set<std::string> names;
  for (const Submission& s : sink.metrics) names.insert(s.name);
  return names;
}

// Tags every series of this fixture carries: target_info (renamed) and the endpoint.
std::vector<std::string> with_common(std::vector<std::string> tags) {
  tags.emplace_back("krakend.service_name:krakend-gateway");
  tags.emplace_back("krakend.service_version:1.0.0");
  tags.emplace_back(kEndpointTag);
  std::sort(tags.begin(), tags.end());
  return tags;
}

// The labels of KrakenD's HTTP client layer for one backend path of the fixture.
std::vector<std::string> client(const std::string& path, const std::string& code) {
  std::vector<std::string> t = {"backend_type:test_api",
                                "clientname:/" + path + "/",
                                "http_request_method:GET",
                                "http_response_status_code:" + code,
                                "http_route:/" + path + "/",
                                "krakend_endpoint_method:GET",
                                "krakend_endpoint_route:/api/" + path,
                                "otel_scope_name:io.krakend.krakend-otel",
                                "otel_scope_version:",
                                "server_address:api",
                                "server_port:80"};
  if (code.size() == 3) t.push_back("code_class:" + code.substr(0, 1) + "XX");
  return t;
}

std::vector<std::string> client_read(const std::string& path) {
  return {"backend_type:test_api",
          "http_request_method:GET",
          "http_route:/" + path + "/",
          "krakend_endpoint_method:GET",
          "krakend_endpoint_route:/api/" + path,
          "otel_scope_name:io.krakend.krakend-otel",
          "otel_scope_version:"};
}

std::vector<std::string> server(const std::string& route, const std::string& code) {
  return {"http_request_method:GET",
          "http_response_status_code:" + code,
          "http_route:" + route,
          "otel_scope_name:io.krakend.krakend-otel",
          "otel_scope_version:",
          "url_scheme:http",
          "code_class:" + code.substr(0, 1) + "XX"};
}

std::vector<std::string> plus(std::vector<std::string> tags, const std::string& extra) {
  tags.push_back(extra);
  return tags;
}

struct Expected {
  std::string name;
  SubmitType type;
  double value;
  std::vector<std::string> tags;  // without the common ones
};

}  // namespace

TEST_CASE("one run over metrics.txt submits exactly 1115 series", "[fixture]") {
  const RecordingSink& sink = fixture_run();
  CHECK(sink.metrics.size() == 1115);
  std::set<std::pair<std::string, std::vector<std::string>>> contexts;
  for (const Submission& s : sink.metrics) contexts.emplace(s.name, s.sorted_tags());
  CHECK(contexts.size() == 1115);   // no two submissions share a context
  CHECK(sink.service_checks == 0);  // the health check belongs to core/check.cpp
}

TEST_CASE("the names submitted are Datadog's published list with the documented differences",
          "[fixture]") {
  std::istringstream csv(shared_fixture("metadata.csv"));
  std::set<std::string> expected;
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    if (!line.empty()) expected.insert(line.substr(0, line.find(',')));
  }
  REQUIRE(expected.size() > 70);
  // KrakenD 2.10 does not emit request_read_errors; the map adds the client response size
  // histogram and the alloc_bytes counter (contract, section 2).
  REQUIRE(expected.erase("krakend.api.http_client.request_read_errors.count") == 1);
  expected.insert("krakend.api.http_client.response_size.bucket");
  expected.insert("krakend.api.http_client.response_size.sum");
  expected.insert("krakend.api.http_client.response_size.count");
  expected.insert("krakend.api.go.memstats.alloc_bytes.count");
  CHECK(names_of(fixture_run()) == expected);
}

TEST_CASE("go_metrics and process_metrics false remove exactly the go and process series",
          "[fixture]") {
  auto config = default_instance();
  config.map.go_metrics = false;
  config.map.process_metrics = false;
  auto r = map_once(config, shared_fixture("metrics.txt"));
  REQUIRE(r.status.ok());

  const auto is_runtime = [](const Submission& s) {
    return s.name.rfind("krakend.api.go.", 0) == 0 || s.name.rfind("krakend.api.process.", 0) == 0;
  };
  using Key = std::tuple<std::string, std::vector<std::string>, double, int>;
  std::multiset<Key> expected;
  std::size_t runtime = 0;
  for (const Submission& s : fixture_run().metrics) {
    if (is_runtime(s)) {
      ++runtime;
      continue;
    }
    expected.emplace(s.name, s.sorted_tags(), s.value, static_cast<int>(s.type));
  }
  std::multiset<Key> actual;
  for (const Submission& s : r.sink.metrics) {
    actual.emplace(s.name, s.sorted_tags(), s.value, static_cast<int>(s.type));
  }
  // Counted by hand in the fixture: go_gc_duration_seconds 5 quantiles + sum + count = 7,
  // gauges (gogc, gomemlimit, goroutines, info, 19 memstats, gomaxprocs, threads) 25,
  // counters (alloc_bytes, frees, mallocs) 3, process families 9: 44.
  CHECK(runtime == 44);
  CHECK(actual == expected);
  CHECK(r.sink.metrics.size() == 1115 - 44);
}

TEST_CASE("target_info labels tag every series from the first run", "[fixture]") {
  const RecordingSink& sink = fixture_run();
  for (const Submission& s : sink.metrics) {
    CAPTURE(s.name);
    CHECK(s.has_tag("krakend.service_name:krakend-gateway"));
    CHECK(s.has_tag("krakend.service_version:1.0.0"));
    CHECK(s.has_tag(kEndpointTag));
    CHECK_FALSE(s.flush_first_value);  // first successful run of the instance
    CHECK(s.hostname.empty());
  }
}

TEST_CASE("the +Inf bucket is never submitted", "[fixture]") {
  const RecordingSink& sink = fixture_run();
  std::size_t buckets = 0;
  for (const Submission& s : sink.metrics) {
    if (s.name.size() > 7 && s.name.compare(s.name.size() - 7, 7, ".bucket") == 0) {
      ++buckets;
      CHECK_FALSE(s.has_tag("upper_bound:inf"));
    }
  }
  // 1 000 bucket lines of which 50 are +Inf (one per histogram series).
  CHECK(buckets == 950);
}

TEST_CASE("hand-written series of metrics.txt are submitted with their exact tags", "[fixture]") {
  const std::vector<Expected> expected = {
      // The contract's worked example.
      {"krakend.api.http_client.duration.bucket", kCount, 3,
       plus(client("invalid", "500"), "upper_bound:0.1")},
      {"krakend.api.http_client.duration.bucket", kCount, 1,
       plus(client("cancelled", "0"), "upper_bound:0.1")},
      {"krakend.api.http_client.duration.bucket", kCount, 3,
       plus(client("cancelled", "0"), "upper_bound:1.0")},
      {"krakend.api.http_client.duration.bucket", kCount, 6,
       plus(client("cancelled", "0"), "upper_bound:3.5")},
      {"krakend.api.http_client.duration.bucket", kCount, 6,
       plus(client("cancelled", "0"), "upper_bound:10.0")},
      {"krakend.api.http_client.duration.sum", kCount, 6.31790317, client("cancelled", "0")},
      {"krakend.api.http_client.duration.count", kCount, 6, client("cancelled", "0")},
      {"krakend.api.http_client.response_size.bucket", kCount, 3,
       plus(client("invalid", "500"), "upper_bound:1048576.0")},
      {"krakend.api.http_client.response_size.bucket", kCount, 3,
       plus(client("invalid", "500"), "upper_bound:67108864.0")},
      {"krakend.api.http_client.response_size.sum", kCount, 117, client("invalid", "500")},
      {"krakend.api.http_client.response_size.count", kCount, 3, client("invalid", "500")},
      {"krakend.api.http_client.request_failed.count", kCount, 3, client("timeout", "0")},
      {"krakend.api.http_client.request_size.count", kCount, 0, client("no-content-length", "200")},
      {"krakend.api.http_client.response_read_size.count", kCount, 228, client_read("valid")},
      {"krakend.api.http_client.response_read_time_seconds.count", kCount, 5.3416000000000005e-05,
       client_read("valid")},
      {"krakend.api.http_client.response_read_size_hist.bucket", kCount, 4,
       plus(client_read("valid"), "upper_bound:1048576.0")},
      {"krakend.api.http_server.duration.bucket", kCount, 4,
       plus(server("/api/valid", "200"), "upper_bound:0.1")},
      {"krakend.api.http_server.duration.count", kCount, 1, server("301 Moved Permanently", "301")},
      {"krakend.api.http_server.response_size.bucket", kCount, 3,
       plus(server("/api/no-content-length", "200"), "upper_bound:1048576.0")},
      {"krakend.api.backend_duration.sum",
       kCount,
       6.016885627000001,
       {"backend_type:test_api", "canceled:false", "complete:false", "error:true",
        "http_request_method:GET", "http_route:/cancelled/", "krakend_endpoint_method:GET",
        "krakend_endpoint_route:/api/cancelled", "otel_scope_name:io.krakend.krakend-otel",
        "otel_scope_version:"}},
      {"krakend.api.proxy_duration.count",
       kCount,
       3,
       {"canceled:false", "complete:false", "error:true", "http_request_method:GET",
        "http_route:/api/invalid", "otel_scope_name:io.krakend.krakend-otel",
        "otel_scope_version:"}},
      {"krakend.api.otel_scope_info",
       kGauge,
       1,
       {"otel_scope_name:io.krakend.krakend-otel", "otel_scope_version:"}},
      {"krakend.api.go.gc_duration_seconds.quantile", kGauge, 8e-06, {"quantile:0"}},
      {"krakend.api.go.gc_duration_seconds.quantile", kGauge, 2.925e-05, {"quantile:0.25"}},
      {"krakend.api.go.gc_duration_seconds.quantile", kGauge, 0.000403875, {"quantile:1.0"}},
      {"krakend.api.go.gc_duration_seconds.sum", kCount, 0.006522042, {}},
      {"krakend.api.go.gc_duration_seconds.count", kCount, 177, {}},
      {"krakend.api.go.info", kGauge, 1, {"go_version:go1.24.4"}},
      {"krakend.api.go.goroutines", kGauge, 17, {}},
      {"krakend.api.go.gc_gomemlimit_bytes", kGauge, 9.223372036854776e+18, {}},
      {"krakend.api.go.memstats.alloc_bytes", kGauge, 8.959752e+06, {}},
      {"krakend.api.go.memstats.alloc_bytes.count", kCount, 1.399491568e+09, {}},
      {"krakend.api.go.memstats.frees.count", kCount, 2.512084e+07, {}},
      {"krakend.api.go.memstats.last_gc_time_seconds", kGauge, 1.7518826896491916e+09, {}},
      {"krakend.api.process.cpu_seconds.count", kCount, 1.46, {}},
      {"krakend.api.process.max_fds", kGauge, 1.048576e+06, {}},
      {"krakend.api.process.virtual_memory_max_bytes", kGauge, 1.8446744073709552e+19, {}},
  };
  REQUIRE(expected.size() >= 25);
  const RecordingSink& sink = fixture_run();
  for (const Expected& e : expected) {
    const std::vector<std::string> tags = with_common(e.tags);
    std::vector<const Submission*> found;
    for (const Submission& s : sink.metrics) {
      if (s.name == e.name && s.sorted_tags() == tags) found.push_back(&s);
    }
    INFO(e.name << " with " << tags.size() << " tags, value " << e.value);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->type == e.type);
    CHECK(found[0]->value == e.value);
  }
}

TEST_CASE("status code 0 of a failed transport gets no code_class", "[fixture]") {
  const RecordingSink& sink = fixture_run();
  const auto failed = sink.find("krakend.api.http_client.request_failed.count");
  REQUIRE(failed.size() == 2);
  for (const Submission* s : failed) {
    CHECK(s->has_tag("http_response_status_code:0"));
    for (const std::string& t : s->tags) CHECK(t.rfind("code_class:", 0) == std::string::npos);
  }
}
