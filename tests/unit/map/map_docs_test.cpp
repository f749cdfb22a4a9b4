// docs/metrics.md is generated from the map table; this test keeps the two from drifting.
// Regenerate with: build/<dir>/plugin/src/map/kcheck_metrics_doc > docs/metrics.md
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>

#include "map/map_table.hpp"
#include "map/metrics_doc.hpp"
#include "shared_data.hpp"

using kcheck::map::Kind;
using kcheck::map::krakend_map_table;
using kcheck::map::MapEntry;
using kcheck::map::Origin;

TEST_CASE("docs/metrics.md is the text generated from the map table", "[docs]") {
  const auto file = kcheck::test::read_file(KCHECK_DOCS_DIR "/metrics.md");
  REQUIRE(file.has_value());
  const std::string generated = kcheck::map::render_metrics_markdown();
  // On failure, regenerate the file with kcheck_metrics_doc (see the top of this file).
  CHECK(*file == generated);
}

TEST_CASE("the generated reference lists every submitted name of the table", "[docs]") {
  const std::string doc = kcheck::map::render_metrics_markdown();
  for (const MapEntry& e : krakend_map_table()) {
    const std::string base = "`krakend.api." + std::string(e.name);
    CAPTURE(e.raw);
    switch (e.kind) {
      case Kind::kGauge:
        CHECK(doc.find(base + "`") != std::string::npos);
        break;
      case Kind::kCounter:
        CHECK(doc.find(base + ".count`") != std::string::npos);
        break;
      case Kind::kHistogram:
        CHECK(doc.find(base + ".bucket`") != std::string::npos);
        CHECK(doc.find(base + ".sum`") != std::string::npos);
        break;
      case Kind::kSummary:
        CHECK(doc.find(base + ".quantile`") != std::string::npos);
        break;
    }
  }
}

TEST_CASE("the map table has one row per raw family and kind", "[table]") {
  std::set<std::pair<std::string, Kind>> rows;
  std::set<std::string> names;
  for (const MapEntry& e : krakend_map_table()) {
    CAPTURE(e.raw);
    CHECK(rows.emplace(std::string(e.raw), e.kind).second);
    // Only go_memstats_alloc_bytes is both a gauge and a counter (the contract's "better
    // than the reference" row), and its two rows share the name; and the semconv rows of
    // detailed_connection share the legacy names (KrakenD emits one family or the other).
    if (!names.emplace(std::string(e.name)).second) {
      CHECK((e.raw == "go_memstats_alloc_bytes" || e.origin == Origin::kSemconv));
    }
    CHECK(e.raw.find("_total") == std::string::npos);
    CHECK_FALSE(e.description.empty());
    const bool go = e.raw.rfind("go_", 0) == 0;
    const bool process = e.raw.rfind("process_", 0) == 0;
    CHECK(go == (e.origin == Origin::kGo));
    CHECK(process == (e.origin == Origin::kProcess));
  }
  CHECK(rows.size() == 69);
}
