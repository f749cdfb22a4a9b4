// The real example lines of ../shared/docs/krakend-logs.md §2 (KrakenD issues, docs and
// tests) are the spec's sample: each is read at run time, alone, and must give one record of
// the format its source implies, never `unparsed`. Skipped (exit 77) without ../shared.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "logs_driver.hpp"
#include "shared_data.hpp"

namespace {

struct Example {
  int number = 0;
  std::string line;
};

/// The rows `| N | `line` | source |` of the doc's table: backticks dropped (a cell may be
/// split around an italic placeholder), `\|` unescaped.
std::vector<Example> examples(const std::string& doc) {
  std::vector<Example> out;
  std::size_t pos = doc.find("## 2.");
  while (pos != std::string::npos && pos < doc.size()) {
    const std::size_t end = doc.find('\n', pos);
    const std::string row = doc.substr(pos, end == std::string::npos ? end : end - pos);
    pos = end == std::string::npos ? end : end + 1;
    if (row.rfind("## 3.", 0) == 0) break;
    if (row.size() < 4 || row[0] != '|' || row[2] < '0' || row[2] > '9') continue;
    const std::size_t cell = row.find(" | ");
    const std::size_t source = row.rfind(" | ");
    if (cell == std::string::npos || source <= cell) continue;
    Example e;
    e.number = std::atoi(row.c_str() + 2);
    const std::string text = row.substr(cell + 3, source - cell - 3);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '`') continue;
      if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '|') continue;
      e.line += text[i];
    }
    out.push_back(e);
  }
  return out;
}

// The format each numbered line must give; rows added to the doc later only need to be
// parsed (not `unparsed`). Line 3 is an access line's error line, read alone here.
const std::map<int, std::string> kFormats = {
    {1, "gologging"},        {2, "gin"},    {3, "gin"},  {7, "basic"},     {8, "gin"},
    {11, "basic"},           {12, "basic"}, {13, "gin"}, {15, "logstash"}, {16, "logstash"},
    {20, "logstash_module"}, {23, "gin"},   {24, "gin"},
};

}  // namespace

TEST_CASE("every example line of krakend-logs.md gives one record of its format",
          "[logs][shared]") {
  const auto shared = kcheck::test::shared_dir();
  if (!shared) {
    kcheck::test::announce_skip("the krakend-logs.md example test");
    std::exit(kcheck::test::kSkipExitCode);
  }
  const auto doc = kcheck::test::read_file(*shared / "docs" / "krakend-logs.md");
  REQUIRE(doc.has_value());
  const std::vector<Example> rows = examples(*doc);
  CHECK(rows.size() >= kFormats.size());
  for (const Example& e : rows) {
    INFO("line " << e.number << ": " << e.line);
    const std::string out = kcheck::logstest::records(e.line + "\n");
    CHECK(std::count(out.begin(), out.end(), '\n') == 1);
    CHECK(out.find(R"("format":"unparsed")") == std::string::npos);
    const auto expected = kFormats.find(e.number);
    if (expected != kFormats.end()) {
      CHECK(out.find("\"format\":\"" + expected->second + "\"") != std::string::npos);
    }
  }
}
