// The regular expressions of the configuration: the Python syntax Datadog configurations use
// compiles and searches as Python's re.search does (expectations checked against CPython
// 3.11), and subjects that are not UTF-8 are read without error.
#include "config/regex_rules.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"

using kcheck::config::Regex;

namespace {

struct SearchCase {
  std::string pattern;
  std::string subject;
  bool found;  // bool(re.search(pattern, subject)) in CPython
};

void check_search(const SearchCase& c) {
  CAPTURE(c.pattern, c.subject);
  auto re = Regex::compile(c.pattern);
  INFO(re.status().message());
  REQUIRE(re.ok());
  CHECK(re->search(c.subject) == c.found);
}

}  // namespace

TEST_CASE("Python syntax of Datadog configurations searches as Python's re.search does",
          "[config][regex]") {
  const SearchCase c = GENERATE(values<SearchCase>({
      {"(?i)^go_", "GO_threads", true},
      {"(?i)debug", "level=DEBUG msg", true},
      {"(?i:GO)_x", "go_x", true},
      {"(?i:GO)_x", "go_X", false},
      {"(?i)É", "é", true},
      {"(?P<kind>gc|mem)stats", "go_memstats_alloc", true},
      {"^(?P<kind>gc|mem)stats", "go_memstats", false},
      {"(?:ab)+c", "xxababc", true},
      {R"(\d{3})", "code 500", true},
      {R"(\d{3})", "code 50", false},
      {R"(\bapi\b)", "the api path", true},
      {R"(\bapi\b)", "the apis", false},
      {R"(^\w+$)", "go_threads", true},
      {R"(\s)", "a\tb", true},
      {R"(le="0\.01")", R"(x{le="0.01"})", true},
      {R"(le="0\.01")", R"(x{le="0a01"})", false},
      {"^caf.$", "café", true},
      {"a.c", "a\nc", false},
      {"(?s)a.c", "a\nc", true},
      {"^b", "a\nb", false},
      {"(?m)^b", "a\nb", true},
      {"x*", "", true},
  }));
  check_search(c);
}

TEST_CASE("A subject that is not UTF-8 is searched byte by byte: literals match, dots do not",
          "[config][regex]") {
  // Label values are UTF-8 (the parser checks), but raw_line_filters see the raw payload.
  const SearchCase c = GENERATE(values<SearchCase>({
      {"noise", "\xff\xfe noise \xc3\x28", true},
      {"(?i)NOISE", "\xed\xa0\x80noise", true},
      {R"(^\xff)", "\xff", false},  // \xff is U+00FF (two bytes in UTF-8), not the byte
      {"^a.z$", "a\xffz", false},
      {"^a[^x]z$", "a\xffz", false},
      {"^a.z$", "a\xc3\xa9z", true},
  }));
  check_search(c);
}

TEST_CASE("The loader accepts the Python syntax RE2 supports in every regex option",
          "[config][regex]") {
  const std::string instance =
      "openmetrics_endpoint: http://localhost:9090/metrics\n"
      "raw_line_filters: ['(?i)^debug', '(?P<kind>gc|mem)stats']\n"
      "exclude_metrics: ['(?:go|process)_\\d+']\n"
      "extra_metrics: [{'(?i)^Custom_(?P<n>\\w+)$': {type: gauge}}]\n"
      "exclude_metrics_by_labels: {route: ['(?i)^/health$']}\n";
  auto result = kcheck::config::load_instance("", instance, 0);
  INFO(result.status().message());
  REQUIRE(result.ok());
  CHECK(result->map.raw_line_filters.size() == 2);
  CHECK(result->map.exclude_metrics == std::vector<std::string>{R"((?:go|process)_\d+)"});
  REQUIRE(result->map.extra_metrics.size() == 1);
  CHECK(result->map.extra_metrics[0].is_regex);
  REQUIRE(result->map.exclude_metrics_by_labels.size() == 1);
  CHECK(result->map.exclude_metrics_by_labels[0].values ==
        std::vector<std::string>{"(?i)^/health$"});
}
