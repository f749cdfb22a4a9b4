// Runs the OpenMetrics 1.0 compliance suite against the parser in OpenMetrics mode.
// Every case folder holds test.json ({"file": ..., "shouldParse": bool}) and the
// exposition; the verdict is "the whole input parsed without error". Prints every wrong
// verdict, then "N passed, N failed", and exits non-zero unless all verdicts are right.
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "kcheck/parse.hpp"
#include "shared_data.hpp"

namespace fs = std::filesystem;

int main() {
  const auto shared = kcheck::test::shared_dir();
  const fs::path suite = shared ? *shared / "conformance" / "openmetrics" : fs::path();
  std::error_code ec;
  if (!shared || !fs::is_directory(suite, ec)) {
    kcheck::test::announce_skip("the OpenMetrics conformance suite");
    return kcheck::test::kSkipExitCode;
  }

  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(suite)) {
    if (entry.is_directory() && fs::exists(entry.path() / "test.json"))
      cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());

  int passed = 0;
  int failed = 0;
  int should_parse_count = 0;
  for (const auto& dir : cases) {
    const std::string name = dir.filename().string();
    const auto json = kcheck::test::read_file(dir / "test.json");
    rapidjson::Document doc;
    if (!json || doc.Parse(json->c_str()).HasParseError() || !doc.IsObject() ||
        !doc.HasMember("shouldParse") || !doc["shouldParse"].IsBool() || !doc.HasMember("file") ||
        !doc["file"].IsString()) {
      std::printf("BROKEN CASE %s: unreadable test.json\n", name.c_str());
      ++failed;
      continue;
    }
    const bool should_parse = doc["shouldParse"].GetBool();
    should_parse_count += should_parse ? 1 : 0;
    const auto input = kcheck::test::read_file(dir / doc["file"].GetString());
    if (!input) {
      std::printf("BROKEN CASE %s: cannot read %s\n", name.c_str(), doc["file"].GetString());
      ++failed;
      continue;
    }
    kcheck::ParseError error;
    const bool parsed = kcheck::validate(*input, kcheck::Format::kOpenMetrics, &error);
    if (parsed == should_parse) {
      ++passed;
    } else {
      ++failed;
      std::printf("WRONG VERDICT %s: expected %s, got %s%s\n", name.c_str(),
                  should_parse ? "accepted" : "rejected", parsed ? "accepted" : "rejected: ",
                  parsed ? "" : error.to_string(*input).c_str());
    }
  }
  std::printf("OpenMetrics conformance: %zu cases (%d must parse, %zu must fail)\n", cases.size(),
              should_parse_count, cases.size() - static_cast<std::size_t>(should_parse_count));
  std::printf("conformance: %d passed, %d failed\n", passed, failed);
  return failed == 0 && !cases.empty() ? 0 : 1;
}
