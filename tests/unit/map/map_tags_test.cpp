// Tags of a sample (contract, section 4) and the options that shape them: code_class,
// target_info, rename_labels, exclude_labels, include_labels, exclude_metrics_by_labels,
// hostname_label / hostname_format, tags, service, tag_by_endpoint.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "map_test_support.hpp"
#include "small_fixture.hpp"

using kcheck::test::default_instance;
using kcheck::test::kEndpointTag;
using kcheck::test::map_data;
using kcheck::test::map_once;
using kcheck::test::Submission;
namespace small = kcheck::test::small;

namespace {

const Submission& only(const std::vector<const Submission*>& found) {
  REQUIRE(found.size() == 1);
  return *found[0];
}

const Submission& server_a_bucket(const kcheck::test::RecordingSink& sink) {
  return only(sink.find("krakend.api.http_server.duration.bucket",
                        {"http_route:/api/valid", "upper_bound:0.01"}));
}

}  // namespace

TEST_CASE("code_class is added for exactly three ASCII digits", "[tags]") {
  auto r = map_once(default_instance(), map_data("status_codes.prom"));
  REQUIRE(r.status.ok());
  REQUIRE(r.sink.metrics.size() == 7);
  const auto code_class_of = [&](const std::string& route) {
    const Submission& s = only(
        r.sink.find("krakend.api.http_server.duration.sum", {std::string("http_route:") + route}));
    std::string found;
    for (const std::string& t : s.tags) {
      if (t.rfind("code_class:", 0) == 0) found = t;
    }
    return found;
  };
  CHECK(code_class_of("/ok") == "code_class:2XX");
  CHECK(code_class_of("/missing") == "code_class:4XX");
  CHECK(code_class_of("/failed").empty());
  CHECK(code_class_of("/long").empty());
  CHECK(code_class_of("/letters").empty());
  CHECK(code_class_of("/empty").empty());
  CHECK(code_class_of("/none").empty());
}

TEST_CASE("empty label values are kept as tags", "[tags]") {
  auto r = map_once(default_instance(), map_data("status_codes.prom"));
  REQUIRE(r.status.ok());
  const Submission& s =
      only(r.sink.find("krakend.api.http_server.duration.sum", {"http_route:/empty"}));
  CHECK(s.has_tag("http_response_status_code:"));
}

TEST_CASE("target_info labels tag every series, renamed by the defaults", "[tags]") {
  auto r = map_once(default_instance(), map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  REQUIRE(r.sink.metrics.size() == small::kSeries);
  for (const Submission& s : r.sink.metrics) {
    CAPTURE(s.name);
    CHECK(s.has_tag("krakend.service_name:krakend-gateway"));
    CHECK(s.has_tag("krakend.service_version:1.0.0"));
    CHECK(s.has_tag("deployment_environment:staging"));
  }
  CHECK(r.sink.count("krakend.api.target_info") == 0);
}

TEST_CASE("rename_labels is merged over the default renames", "[tags]") {
  auto config = default_instance();
  config.map.rename_labels = {
      {"http_route", "route"}, {"service_name", "gateway"}, {"code_class", "status_class"}};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  const Submission& s = only(r.sink.find("krakend.api.http_server.duration.bucket",
                                         {"route:/api/valid", "upper_bound:0.01"}));
  CHECK(s.sorted_tags() ==
        small::tags(
            {{"http_request_method:GET", "http_response_status_code:200", "route:/api/valid",
              "otel_scope_name:io.krakend.krakend-otel", "otel_scope_version:", "url_scheme:http",
              "status_class:2XX", "deployment_environment:staging", "gateway:krakend-gateway",
              "krakend.service_version:1.0.0", "upper_bound:0.01", std::string(kEndpointTag)}}));
}

TEST_CASE("the version label becomes go_version only while go metrics are on", "[tags]") {
  auto config = default_instance();
  config.map.extra_metrics = {{"krakend_build_info", false, "build_info", ""}};
  SECTION("go_metrics on") {
    auto r = map_once(config, map_data("version_label.prom"));
    REQUIRE(r.status.ok());
    CHECK(only(r.sink.find("krakend.api.go.info")).has_tag("go_version:go1.24.4"));
    CHECK(only(r.sink.find("krakend.api.build_info")).has_tag("go_version:2.10.1"));
  }
  SECTION("go_metrics off") {
    config.map.go_metrics = false;
    auto r = map_once(config, map_data("version_label.prom"));
    REQUIRE(r.status.ok());
    CHECK(r.sink.count("krakend.api.go.info") == 0);
    CHECK(only(r.sink.find("krakend.api.build_info")).has_tag("version:2.10.1"));
  }
  SECTION("the instance's rename of version wins") {
    config.map.rename_labels = {{"version", "build_version"}};
    auto r = map_once(config, map_data("version_label.prom"));
    REQUIRE(r.status.ok());
    CHECK(only(r.sink.find("krakend.api.go.info")).has_tag("build_version:go1.24.4"));
  }
}

TEST_CASE("exclude_labels removes labels by their name before renaming", "[tags]") {
  auto config = default_instance();
  SECTION("original names are excluded, sample and target_info labels alike") {
    config.map.exclude_labels = {"otel_scope_version", "service_name"};
    auto r = map_once(config, map_data("krakend_small.prom"));
    REQUIRE(r.status.ok());
    CHECK(r.sink.metrics.size() == small::kSeries);
    for (const Submission& s : r.sink.metrics) {
      CAPTURE(s.name);
      CHECK_FALSE(s.has_tag("otel_scope_version:"));
      CHECK_FALSE(s.has_tag("krakend.service_name:krakend-gateway"));
      CHECK(s.has_tag("krakend.service_version:1.0.0"));
    }
  }
  SECTION("a renamed name is not an original name") {
    config.map.exclude_labels = {"krakend.service_name"};
    auto r = map_once(config, map_data("krakend_small.prom"));
    REQUIRE(r.status.ok());
    for (const Submission& s : r.sink.metrics) {
      CHECK(s.has_tag("krakend.service_name:krakend-gateway"));
    }
  }
}

TEST_CASE("include_labels keeps only the listed labels", "[tags]") {
  auto config = default_instance();
  config.map.include_labels = {"http_route", "service_version"};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(server_a_bucket(r.sink).sorted_tags() ==
        small::tags({{"http_route:/api/valid", "krakend.service_version:1.0.0", "upper_bound:0.01",
                      std::string(kEndpointTag)}}));
  const Submission& q =
      only(r.sink.find("krakend.api.go.gc_duration_seconds.quantile", {"quantile:0.5"}));
  CHECK(q.sorted_tags() == small::tags({{"krakend.service_version:1.0.0", "quantile:0.5",
                                         std::string(kEndpointTag)}}));
}

TEST_CASE("exclude_metrics_by_labels drops the samples that match", "[tags]") {
  struct Case {
    std::string label;
    bool any_value;
    std::vector<std::string> values;
    std::size_t series;
  };
  const Case c = GENERATE(values<Case>({
      {"http_response_status_code", false, {"500"}, small::kSeries - 5},
      {"url_scheme", true, {}, small::kSeries - 10},
      // Values are searched as patterns, as Datadog does.
      {"http_route", false, {"^/api/"}, small::kSeries - 10},
      {"http_route", false, {"/nowhere", "/timeout/"}, small::kSeries - 1},
      // code_class is derived from the status code and filtered like a label.
      {"code_class", false, {"^5XX$"}, small::kSeries - 5},
      // target_info's labels belong to every sample.
      {"deployment_environment", false, {"staging"}, 0},
  }));
  CAPTURE(c.label, c.values);
  auto config = default_instance();
  config.map.exclude_metrics_by_labels = {{c.label, c.any_value, c.values}};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.metrics.size() == c.series);
}

TEST_CASE("hostname_label names the host of its series", "[tags]") {
  auto config = default_instance();
  config.map.hostname_label = "server_address";
  SECTION("verbatim") {
    auto r = map_once(config, map_data("krakend_small.prom"));
    REQUIRE(r.status.ok());
    CHECK(only(r.sink.find("krakend.api.http_client.request_started.count")).hostname == "api");
    CHECK(server_a_bucket(r.sink).hostname.empty());
    // The label stays a tag too.
    CHECK(only(r.sink.find("krakend.api.http_client.request_started.count"))
              .has_tag("server_address:api"));
  }
  SECTION("through hostname_format") {
    config.map.hostname_format = "backend-<HOSTNAME>.internal";
    auto r = map_once(config, map_data("krakend_small.prom"));
    REQUIRE(r.status.ok());
    for (const Submission* s : r.sink.find("krakend.api.http_client.response_size.bucket")) {
      CHECK(s->hostname == "backend-api.internal");
    }
    CHECK(only(r.sink.find("krakend.api.http_client.request_started.count")).hostname ==
          "backend-api.internal");
  }
}

TEST_CASE("instance tags, service and endpoint are added to every series", "[tags]") {
  auto config = default_instance();
  config.map.tags = {"team:api", "env:prod"};
  config.map.service = "gateway";
  SECTION("with the endpoint tag") {
    auto r = map_once(config, map_data("krakend_small.prom"));
    REQUIRE(r.status.ok());
    for (const Submission& s : r.sink.metrics) {
      CHECK(s.has_tag("team:api"));
      CHECK(s.has_tag("env:prod"));
      CHECK(s.has_tag("service:gateway"));
      CHECK(s.has_tag(kEndpointTag));
    }
  }
  SECTION("tag_by_endpoint false leaves the endpoint out") {
    config.map.tag_by_endpoint = false;
    auto r = map_once(config, map_data("krakend_small.prom"));
    REQUIRE(r.status.ok());
    CHECK(server_a_bucket(r.sink).sorted_tags() ==
          small::tags({small::server_a(),
                       {"deployment_environment:staging", "krakend.service_name:krakend-gateway",
                        "krakend.service_version:1.0.0", "upper_bound:0.01", "team:api", "env:prod",
                        "service:gateway"}}));
  }
}
