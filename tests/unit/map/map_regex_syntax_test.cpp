// Regular expressions through the whole mapper: the Python syntax Datadog configurations use
// ((?i), (?P<name>…), (?:…), \d) selects what Python's re.search would, every value of
// exclude_metrics_by_labels is its own expression, and a bad one fails every run.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "map_test_support.hpp"
#include "small_fixture.hpp"

using kcheck::Format;
using kcheck::StatusCode;
using kcheck::config::MapOptions;
using kcheck::test::default_instance;
using kcheck::test::map_data;
using kcheck::test::map_once;
namespace small = kcheck::test::small;

namespace {

struct OptionCase {
  std::string what;
  void (*set)(MapOptions&);
  std::size_t series;
};

}  // namespace

TEST_CASE("Python regex syntax selects the families and samples Python would", "[regex]") {
  const OptionCase c = GENERATE(values<OptionCase>({
      // 9 go_ series (summary 5, gauges 3, the alloc counter 1); TYPE lines start with '#'.
      {"raw_line_filters (?i)", [](MapOptions& m) { m.raw_line_filters = {"(?i)^GO_"}; },
       small::kSeries - 9},
      {"exclude_metrics (?P<name>…)",
       [](MapOptions& m) { m.exclude_metrics = {"^go_(?P<what>goroutines|threads)$"}; },
       small::kSeries - 1},
      {"exclude_metrics (?i) and (?:…)",
       [](MapOptions& m) { m.exclude_metrics = {"(?i)^PROCESS_(?:CPU|OPEN)_"}; },
       small::kSeries - 2},
      {"extra_metrics (?P<name>…)",
       [](MapOptions& m) {
         m.extra_metrics = {{"^krakend_(?P<kind>un)mapped$", true, "", ""}};
       },
       small::kSeries + 1},
      {"exclude_metrics_by_labels (?i)",
       [](MapOptions& m) {
         m.exclude_metrics_by_labels = {{"http_route", false, {"(?i)^/API/"}}};
       },
       small::kSeries - 10},
      {"exclude_metrics_by_labels \\d",
       [](MapOptions& m) {
         m.exclude_metrics_by_labels = {{"http_response_status_code", false, {R"(^5\d\d$)"}}};
       },
       small::kSeries - 5},
  }));
  CAPTURE(c.what);
  auto config = default_instance();
  c.set(config.map);
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.metrics.size() == c.series);
}

TEST_CASE("a flag in one exclude_metrics_by_labels value does not reach the others", "[regex]") {
  // Datadog joins the values with |; on Python 3.11+ a (?i) after the first one is an error,
  // before that it turned the whole alternation case-insensitive. Here it stays in its value.
  struct Case {
    std::vector<std::string> values;
    std::size_t series;
  };
  const Case c = GENERATE(values<Case>({
      {{"^/API/INVALID$", "(?i)^/api/VALID$"}, small::kSeries - 5},
      {{"(?i)^/API/VALID$", "^/API/INVALID$"}, small::kSeries - 5},
      {{"(?i)^/API/VALID$", "(?i)^/API/INVALID$"}, small::kSeries - 10},
  }));
  CAPTURE(c.values);
  auto config = default_instance();
  config.map.exclude_metrics_by_labels = {{"http_route", false, c.values}};
  auto r = map_once(config, map_data("krakend_small.prom"));
  REQUIRE(r.status.ok());
  CHECK(r.sink.metrics.size() == c.series);
}

TEST_CASE("raw_line_filters read a line that is not UTF-8 byte by byte", "[regex]") {
  struct Case {
    std::vector<std::string> filters;
    bool dropped;  // else the parser refuses the line's label value
  };
  const Case c = GENERATE(values<Case>({
      {{}, false},
      {{R"(^bad\{x=")"}, true},
      {{R"("\} 1$)"}, true},
      // The bytes 0xff 0xfe are no character: neither `.` nor `[^"]` matches them.
      {{R"(^bad\{x="..)"}, false},
      {{R"(^bad\{x="[^"]+")"}, false},
  }));
  CAPTURE(c.filters);
  const std::string payload = "# TYPE go_threads gauge\ngo_threads 9\nbad{x=\"\xff\xfe\"} 1\n";
  auto config = default_instance();
  config.map.raw_line_filters = c.filters;
  config.map.strict_parsing = true;  // a kept line is then refused, not quarantined
  auto r = map_once(config, payload);
  if (c.dropped) {
    REQUIRE(r.status.ok());
    CHECK(r.sink.find("krakend.api.go.threads").size() == 1);
  } else {
    CHECK(r.status.message().rfind("line 3 col ", 0) == 0);
    CHECK(r.sink.metrics.empty());
  }
}

TEST_CASE("an invalid exclude_metrics_by_labels value makes every run fail with it named",
          "[regex]") {
  auto config = default_instance();
  config.map.exclude_metrics_by_labels = {{"http_route", false, {"/ok", "a(?=b)"}}};
  kcheck::map::Mapper mapper(config);
  CHECK(mapper.config_status().code() == StatusCode::kInvalidArgument);
  CHECK(mapper.config_status().message() ==
        "exclude_metrics_by_labels.http_route[1]: invalid regular expression \"a(?=b)\": "
        "lookahead (?=…) is not supported (RE2 syntax)");
  kcheck::test::RecordingSink sink;
  const kcheck::Status s =
      mapper.map_payload(map_data("krakend_small.prom"), Format::kPrometheus, sink);
  CHECK(s.message() == mapper.config_status().message());
  CHECK(sink.metrics.empty());
}
