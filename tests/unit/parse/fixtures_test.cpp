// Real KrakenD scrapes from ../shared parse completely, with the expected shape.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <string>

#include "kcheck/parse.hpp"
#include "shared_data.hpp"

namespace {

struct Counts {
  int families = 0;
  int samples = 0;
  std::map<std::string, std::string> family_types;
};

std::string load_fixture(const std::string& name) {
  const auto shared = kcheck::test::shared_dir();
  if (!shared) {
    kcheck::test::announce_skip("the KrakenD fixture test (" + name + ")");
    std::exit(kcheck::test::kSkipExitCode);
  }
  const auto bytes = kcheck::test::read_file(*shared / "fixtures" / "krakend" / name);
  REQUIRE(bytes.has_value());
  return *bytes;
}

Counts count_events(const std::string& input, kcheck::Format format) {
  kcheck::Parser parser(input, format);
  Counts c;
  for (;;) {
    const kcheck::Event ev = parser.next();
    if (ev == kcheck::Event::kFamily) {
      ++c.families;
      c.family_types[std::string(parser.family().name)] =
          std::string(kcheck::metric_type_name(parser.family().type));
    } else if (ev == kcheck::Event::kSample) {
      ++c.samples;
    } else {
      INFO(parser.error().to_string(input));
      REQUIRE(ev == kcheck::Event::kEnd);
      return c;
    }
  }
}

}  // namespace

TEST_CASE("KrakenD 2.10's scrape parses into 59 families and 1166 samples", "[parse][fixture]") {
  const std::string input = load_fixture("metrics.txt");
  REQUIRE(input.back() != '\n');  // the real scrape ends without a newline
  const Counts c = count_events(input, kcheck::Format::kPrometheus);
  CHECK(c.families == 59);
  CHECK(c.samples == 1166);
  CHECK(c.family_types.at("http_client_duration") == "histogram");
  CHECK(c.family_types.at("go_gc_duration_seconds") == "summary");
  CHECK(c.family_types.at("go_memstats_alloc_bytes_total") == "counter");
  CHECK(c.family_types.at("target_info") == "gauge");
}

TEST_CASE("The smaller KrakenD scrape parses into 52 families and 229 samples",
          "[parse][fixture]") {
  const std::string input = load_fixture("output");
  const Counts c = count_events(input, kcheck::Format::kPrometheus);
  CHECK(c.families == 52);
  CHECK(c.samples == 229);
}

TEST_CASE("KrakenD's OpenTelemetry families have empty HELP and keep every label",
          "[parse][fixture]") {
  const std::string input = load_fixture("metrics.txt");
  kcheck::Parser parser(input, kcheck::Format::kPrometheus);
  int checked = 0;
  for (kcheck::Event ev = parser.next(); ev != kcheck::Event::kEnd; ev = parser.next()) {
    REQUIRE(ev != kcheck::Event::kError);
    if (ev != kcheck::Event::kSample || parser.sample().name != "http_client_duration_bucket") {
      continue;
    }
    const kcheck::Sample& s = parser.sample();
    CHECK(parser.family().has_help);
    CHECK(parser.family().help.empty());
    CHECK(s.suffix == "_bucket");
    CHECK(s.labels.size() == 12);
    bool found = false;
    CHECK(s.label("otel_scope_version", &found).empty());
    CHECK(found);
    CHECK_FALSE(s.label("le").empty());
    ++checked;
  }
  CHECK(checked > 0);
}
