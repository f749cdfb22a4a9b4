// Datadog parity of the tags the mapper makes itself and of target_info: rename_labels and
// exclude_metrics_by_labels reach upper_bound, lower_bound and quantile (matched on the value
// as printed), and a target_info label with a sample label's name wins with one tag.
#include <catch2/catch.hpp>
#include <string>

#include "map_test_support.hpp"

namespace {

using kcheck::config::InstanceConfig;
using kcheck::test::default_instance;
using kcheck::test::map_once;

const std::string kHistogram =
    "# TYPE http_server_duration histogram\n"
    "http_server_duration_bucket{le=\"0.1\"} 1\n"
    "http_server_duration_bucket{le=\"1\"} 3\n"
    "http_server_duration_bucket{le=\"+Inf\"} 4\n"
    "http_server_duration_sum 2\n"
    "http_server_duration_count 4\n";
const std::string kSummary =
    "# TYPE go_gc_duration_seconds summary\n"
    "go_gc_duration_seconds{quantile=\"0.5\"} 0.001\n"
    "go_gc_duration_seconds{quantile=\"1\"} 0.004\n"
    "go_gc_duration_seconds_sum 0.01\n"
    "go_gc_duration_seconds_count 5\n";

}  // namespace

TEST_CASE("rename_labels renames the upper_bound, lower_bound and quantile keys", "[map][parity]") {
  InstanceConfig c = default_instance();
  c.map.non_cumulative_histogram_buckets = true;
  c.map.rename_labels = {{"upper_bound", "le"}, {"lower_bound", "ge"}, {"quantile", "q"}};
  const auto r = map_once(c, kHistogram + kSummary);
  REQUIRE(r.status.ok());
  const auto second = r.sink.find("krakend.api.http_server.duration.bucket", {"le:1.0"});
  REQUIRE(second.size() == 1);
  CHECK(second[0]->has_tag("ge:0.1"));
  CHECK(second[0]->value == 2);
  CHECK(r.sink.find("krakend.api.go.gc_duration_seconds.quantile", {"q:1.0"}).size() == 1);
  for (const auto& m : r.sink.metrics) {
    for (const auto& t : m.tags) {
      CHECK(t.rfind("upper_bound:", 0) != 0);
      CHECK(t.rfind("lower_bound:", 0) != 0);
      CHECK(t.rfind("quantile:", 0) != 0);
    }
  }
}

TEST_CASE("exclude_metrics_by_labels keyed by upper_bound or quantile matches the printed value",
          "[map][parity]") {
  InstanceConfig c = default_instance();
  c.map.exclude_metrics_by_labels = {{"upper_bound", false, {"^1\\.0$"}},
                                     {"quantile", false, {"^0\\.5$"}}};
  const auto r = map_once(c, kHistogram + kSummary);
  REQUIRE(r.status.ok());
  const auto buckets = r.sink.find("krakend.api.http_server.duration.bucket");
  REQUIRE(buckets.size() == 1);
  CHECK(buckets[0]->has_tag("upper_bound:0.1"));
  const auto quantiles = r.sink.find("krakend.api.go.gc_duration_seconds.quantile");
  REQUIRE(quantiles.size() == 1);
  CHECK(quantiles[0]->has_tag("quantile:1.0"));
  // The rest of each family stays.
  CHECK(r.sink.count("krakend.api.http_server.duration.count") == 1);
  CHECK(r.sink.count("krakend.api.go.gc_duration_seconds.sum") == 1);
}

TEST_CASE("A target_info label with a sample label's name wins, as one tag", "[map][parity]") {
  const std::string payload =
      "# TYPE go_goroutines gauge\n"
      "go_goroutines{service_name=\"from-sample\",zone=\"a\"} 3\n"
      "# TYPE target_info gauge\n"
      "target_info{service_name=\"gw\",service_version=\"1.0.0\"} 1\n";
  const auto r = map_once(default_instance(), payload);
  REQUIRE(r.status.ok());
  const auto g = r.sink.find("krakend.api.go.goroutines");
  REQUIRE(g.size() == 1);
  CHECK(g[0]->sorted_tags() == std::vector<std::string>{
                                   "endpoint:http://localhost:9090/metrics",
                                   "krakend.service_name:gw",
                                   "krakend.service_version:1.0.0",
                                   "zone:a",
                               });
}

TEST_CASE("Quoted UTF-8 names map like any other family, in both formats", "[map][parity]") {
  kcheck::config::InstanceConfig c = default_instance();
  c.map.extra_metrics.push_back({"my.metric", false, "my.metric", ""});
  for (const auto format : {kcheck::Format::kPrometheus, kcheck::Format::kOpenMetrics}) {
    const std::string payload =
        std::string("# TYPE \"my.metric\" gauge\n{\"my.metric\",\"label.name\"=\"v\"} 2\n") +
        "# TYPE go_goroutines gauge\ngo_goroutines{\"http.route\"=\"/a\"} 3\n" +
        (format == kcheck::Format::kOpenMetrics ? "# EOF\n" : "");
    const auto r = map_once(c, payload, format);
    REQUIRE(r.status.ok());
    CHECK(r.sink.find("krakend.api.my.metric", {"label.name:v"}).size() == 1);
    CHECK(r.sink.find("krakend.api.go.goroutines", {"http.route:/a"}).size() == 1);
  }
}

TEST_CASE("Values beyond double's range read as infinite and are not submitted", "[map][parity]") {
  const auto r = map_once(default_instance(),
                          "# TYPE go_goroutines gauge\ngo_goroutines{a=\"1\"} 1e400\n"
                          "go_goroutines{a=\"2\"} -1e400\ngo_goroutines{a=\"3\"} 1e-400\n");
  REQUIRE(r.status.ok());
  const auto g = r.sink.find("krakend.api.go.goroutines");
  REQUIRE(g.size() == 1);
  CHECK(g[0]->has_tag("a:3"));
  CHECK(g[0]->value == 0);
}
