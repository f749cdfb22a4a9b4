// The schemas in schemas/ are the ones embedded in the library, and the tests cover them.
#include <catch2/catch.hpp>
#include <string>

#include "config/embedded_schemas.hpp"
#include "shared_data.hpp"

namespace {

std::string schema_file(const char* name) {
  const auto text = kcheck::test::read_file(std::filesystem::path(KCHECK_SCHEMAS_DIR) / name);
  REQUIRE(text.has_value());
  return *text;
}

// The property names of the top-level "properties" object, read without a JSON library:
// keys at nesting depth 2 directly inside it.
std::vector<std::string> top_level_properties(const std::string& json) {
  std::vector<std::string> names;
  const std::size_t start = json.find("\"properties\": {");
  REQUIRE(start != std::string::npos);
  int depth = 0;
  for (std::size_t i = json.find('{', start); i < json.size(); ++i) {
    const char c = json[i];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (--depth == 0) break;
    }
    if (c == '"') {
      const std::size_t end = json.find('"', i + 1);
      const bool is_key = json.compare(end, 3, "\": ") == 0;
      if (depth == 1 && is_key) names.push_back(json.substr(i + 1, end - i - 1));
      i = end;
    }
  }
  return names;
}

}  // namespace

TEST_CASE("The embedded schemas are exactly the files in schemas/", "[config][schema]") {
  CHECK(kcheck::config::instance_schema_text() == schema_file("instance.json"));
  CHECK(kcheck::config::init_config_schema_text() == schema_file("init_config.json"));
}

TEST_CASE("The every-option test data sets every instance option of the schema",
          "[config][schema]") {
  const auto names = top_level_properties(schema_file("instance.json"));
  CHECK(names.size() >= 40);
  const auto every =
      kcheck::test::read_file(kcheck::test::data_dir() / "config" / "every_option.yaml");
  REQUIRE(every.has_value());
  for (const auto& name : names) {
    INFO(name);
    CHECK(every->find("\n" + name + ":") != std::string::npos);
  }
}

TEST_CASE("The configuration reference documents every option of both schemas",
          "[config][schema]") {
  const auto doc = kcheck::test::read_file(std::filesystem::path(KCHECK_SCHEMAS_DIR) / ".." /
                                           "docs" / "configuration.md");
  REQUIRE(doc.has_value());
  for (const char* file : {"instance.json", "init_config.json"}) {
    for (const auto& name : top_level_properties(schema_file(file))) {
      INFO(file << ": " << name);
      CHECK(doc->find("`" + name + "`") != std::string::npos);
    }
  }
}
