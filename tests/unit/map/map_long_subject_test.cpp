// Every regular-expression option on subjects as long as a payload may be, through the whole
// mapper, on a thread with a 256 KiB stack. std::regex recursed once per subject byte: a 6 KB
// label value on a 1 MiB stack was a SIGSEGV in the host. RE2 decides in linear time without
// recursion; each table holds a match and a miss, so the whole subject is read both ways.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "map_test_support.hpp"
#include "small_stack.hpp"

using kcheck::Format;
using kcheck::StatusCode;
using kcheck::config::InstanceConfig;
using kcheck::test::default_instance;
using kcheck::test::RunResult;

namespace {

/// max_body_size's default: no payload the check reads is longer.
constexpr std::size_t kBodyLimit = std::size_t{64} << 20;

/// `text` followed by `x` repeated until `head + text + tail` is `total` bytes.
std::string padded(std::string_view head, std::string_view tail, std::size_t total) {
  std::string s(head);
  s.append(total - head.size() - tail.size(), 'x');
  s += tail;
  return s;
}

/// A fresh Mapper built and run on a 256 KiB stack, without the scrape limits (which would
/// refuse a 64 MiB label value before any regex sees it).
RunResult map_on_small_stack(InstanceConfig config, std::string_view payload) {
  RunResult r;
  config.map.limits = {0, 0, 0, 0};
  const bool ran = kcheck::test::run_on_small_stack([&] {
    kcheck::map::Mapper mapper(config);
    r.status = mapper.map_payload(payload, Format::kPrometheus, r.sink);
  });
  REQUIRE(ran);
  return r;
}

/// One untyped sample, `huge_xxx…_depth 4`, whose family name fills a whole body (a `# TYPE`
/// line would hold it a second time); extra_metrics gives it its type. The name is copied into
/// the family's plan (six names) and the submission: the test peaks at 0.7 GB resident (1 GB
/// under ASan) and each case takes about 1 s in dev and under ASan alike
/// (`map_unit_test "[long]" --durations yes`).
struct LongFamily {
  std::string name = padded("huge_", "_depth", kBodyLimit - 3);
  std::string payload = name + " 4\n";
};

struct Case {
  std::string pattern;
  bool matches;
};

}  // namespace

TEST_CASE("raw_line_filters decide on a 64 MiB line on a 256 KiB stack", "[regex][long]") {
  const Case c = GENERATE(values<Case>({
      {"noise x+ end", true},
      {"(?i)NOISE X+ END", true},
      {"noise x+ stop", false},
  }));
  CAPTURE(c.pattern);
  const std::string head = "# TYPE go_threads gauge\ngo_threads 9\n";
  const std::string payload = padded(head + "noise ", " end\n", kBodyLimit);
  auto config = default_instance();
  config.map.raw_line_filters = {c.pattern};
  config.map.telemetry = true;
  config.map.strict_parsing = true;  // a kept line is then refused, not quarantined
  const RunResult r = map_on_small_stack(config, payload);
  if (c.matches) {
    REQUIRE(r.status.ok());
    REQUIRE(r.sink.find("krakend.api.go.threads").size() == 1);
    CHECK(r.sink.find("krakend.api.go.threads")[0]->value == 9);
    CHECK(r.sink.find("krakend.api.telemetry.metrics.blacklist.count")[0]->value == 1);
  } else {
    // Kept, the line reaches the parser, which refuses it: nothing is submitted.
    CHECK(r.status.code() == StatusCode::kDataLoss);
    CHECK(r.status.message().rfind("line 3 col ", 0) == 0);
    CHECK(r.sink.metrics.empty());
  }
}

TEST_CASE("exclude_metrics_by_labels decide on a 64 MiB label value on a 256 KiB stack",
          "[regex][long]") {
  const Case c = GENERATE(values<Case>({
      {"x+ end", true},
      {"(?i)X END$", true},
      {"x+ stop", false},
  }));
  CAPTURE(c.pattern);
  const std::string head = "# TYPE go_threads gauge\ngo_threads{pad=\"";
  const std::string tail = "\"} 9\n";
  const std::string value = padded("", " end", kBodyLimit - head.size() - tail.size());
  const std::string payload = head + value + tail;
  auto config = default_instance();
  config.map.exclude_metrics_by_labels = {{"pad", false, {c.pattern}}};
  const RunResult r = map_on_small_stack(config, payload);
  REQUIRE(r.status.ok());
  const auto found = r.sink.find("krakend.api.go.threads");
  REQUIRE(found.size() == (c.matches ? 0 : 1));
  if (!c.matches) CHECK(found[0]->has_tag("pad:" + value));
}

TEST_CASE("exclude_metrics patterns decide on a 64 MiB family name on a 256 KiB stack",
          "[regex][long]") {
  const Case c = GENERATE(values<Case>({
      {"x+_depth", true},
      {"(?i)^HUGE_X+_DEPTH$", true},
      {"x+_width", false},
  }));
  CAPTURE(c.pattern);
  const LongFamily family;
  auto config = default_instance();
  config.map.extra_metrics = {{"^huge_", true, "", "gauge"}};
  config.map.exclude_metrics = {c.pattern};
  const RunResult r = map_on_small_stack(config, family.payload);
  REQUIRE(r.status.ok());
  CHECK(r.sink.count("krakend.api." + family.name) == (c.matches ? 0 : 1));
}

TEST_CASE("extra_metrics patterns decide on a 64 MiB family name on a 256 KiB stack",
          "[regex][long]") {
  const Case c = GENERATE(values<Case>({
      {"^huge_x+_depth$", true},
      {"(?P<unit>_depth)$", true},
      {"^huge_x+_width$", false},
  }));
  CAPTURE(c.pattern);
  const LongFamily family;
  auto config = default_instance();
  config.map.extra_metrics = {{c.pattern, true, "", "gauge"}};
  const RunResult r = map_on_small_stack(config, family.payload);
  REQUIRE(r.status.ok());
  const auto found = r.sink.find("krakend.api." + family.name);
  REQUIRE(found.size() == (c.matches ? 1 : 0));
  if (c.matches) CHECK(found[0]->value == 4);
}
