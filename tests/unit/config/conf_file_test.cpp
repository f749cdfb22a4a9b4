// split_conf_yaml: Datadog-style conf.yaml files split into init_config and instance texts.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "shared_data.hpp"

using kcheck::config::load_instance;
using kcheck::config::split_conf_yaml;
using std::chrono::milliseconds;

namespace {

std::string data_file(const char* name) {
  const auto text = kcheck::test::read_file(kcheck::test::data_dir() / "config" / name);
  REQUIRE(text.has_value());
  return *text;
}

/// examples/datadog's conf.yaml, with its commented log options switched on when `logs`.
std::string datadog_example(bool logs) {
  const auto text = kcheck::test::read_file(kcheck::test::data_dir().parent_path().parent_path() /
                                            "examples/datadog/conf.d/krakend_native.d/conf.yaml");
  REQUIRE(text.has_value());
  if (!logs) return *text;
  std::string out;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("    # log_", 0) == 0) line.erase(4, 2);
    if (line.rfind("    #   - ", 0) == 0) line.replace(0, 10, "      - ");
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("The Datadog example conf.yaml loads, and so do its commented log options",
          "[config][conf]") {
  for (const bool logs : {false, true}) {
    INFO("log options on: " << logs);
    const auto conf = split_conf_yaml(datadog_example(logs));
    INFO(conf.status().message());
    REQUIRE(conf.ok());
    REQUIRE(conf.value().instances.size() == 1);
    const auto instance = load_instance(conf.value().init_config, conf.value().instances[0], 0);
    INFO(instance.status().message());
    REQUIRE(instance.ok());
    CHECK(instance.value().logs.enabled() == logs);
    if (logs) {
      CHECK(instance.value().logs.files == std::vector<std::string>{"/var/log/krakend/*.log"});
      CHECK(instance.value().logs.output_path == "/var/log/datadog/krakend-records.ndjson");
      CHECK(instance.value().logs.time_zone.name() == "Europe/Madrid");
    }
  }
}

TEST_CASE("A realistic Datadog krakend conf.yaml splits and every instance loads",
          "[config][conf]") {
  const auto conf = split_conf_yaml(data_file("krakend_conf.yaml"));
  INFO(conf.status().message());
  REQUIRE(conf.ok());
  REQUIRE(conf.value().instances.size() == 2);
  CHECK(conf.value().init_config == R"({"timeout":7,"service":"api-gateway","go_metrics":false})");

  const auto first = load_instance(conf.value().init_config, conf.value().instances[0], 0);
  INFO(first.status().message());
  REQUIRE(first.ok());
  CHECK(first.value().http.endpoint == "http://localhost:9090/metrics");
  CHECK(first.value().http.timeout == milliseconds(7'000));
  CHECK(first.value().map.service == "api-gateway");
  CHECK(first.value().map.go_metrics);  // the instance overrides init_config
  CHECK(first.value().map.process_metrics);
  CHECK(first.value().map.exclude_metrics == std::vector<std::string>{"^go_memstats_.*"});
  CHECK(first.value().map.tags == std::vector<std::string>{"env:staging", "gateway:public"});

  const auto second = load_instance(conf.value().init_config, conf.value().instances[1], 1);
  INFO(second.status().message());
  REQUIRE(second.ok());
  CHECK(second.value().http.endpoint == "https://krakend-internal:9443/metrics");
  CHECK(second.value().http.timeout == milliseconds(3'000));
  CHECK(second.value().http.tls_ca_cert == "/etc/datadog-agent/krakend-ca.pem");
  CHECK(second.value().map.service == "internal-gateway");
  CHECK_FALSE(second.value().map.go_metrics);  // from init_config
  CHECK(second.value().min_collection_interval == milliseconds(60'000));
}

TEST_CASE("Instances are re-serialised as JSON that keeps every YAML type", "[config][conf]") {
  const auto conf = split_conf_yaml(R"(
instances:
  - openmetrics_endpoint: http://h/metrics
    service: "yes"
    go_metrics: no
    timeout: .inf
    connect_timeout: 1.0
    tags: [a, 'b: c', "d\"e"]
)");
  REQUIRE(conf.ok());
  CHECK(conf.value().init_config == "{}");
  REQUIRE(conf.value().instances.size() == 1);
  CHECK(conf.value().instances[0] ==
        R"({"openmetrics_endpoint":"http://h/metrics","service":"yes","go_metrics":"no",)"
        R"("timeout":.inf,"connect_timeout":1.0,"tags":["a","b: c","d\"e"]})");
  const auto loaded = load_instance(conf.value().init_config, conf.value().instances[0], 0);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message() == "instances[0].timeout: expected a number <= 86400, got .inf");
}

TEST_CASE("Anchors shared between instances are expanded in each", "[config][conf]") {
  const auto conf = split_conf_yaml(R"(
init_config:
instances:
  - &base
    openmetrics_endpoint: http://a:9090/metrics
    tags: [env:prod]
  - <<: *base
    openmetrics_endpoint: http://b:9090/metrics
)");
  REQUIRE(conf.ok());
  REQUIRE(conf.value().instances.size() == 2);
  CHECK(conf.value().instances[1] ==
        R"({"openmetrics_endpoint":"http://b:9090/metrics","tags":["env:prod"]})");
}

TEST_CASE("A bad conf.yaml is refused with a message naming the problem", "[config][conf]") {
  struct Case {
    std::string name;
    std::string text;
    std::string message;
  };
  const Case c = GENERATE(values<Case>({
      {"empty file", "",
       "conf.yaml: empty configuration; expected \"init_config\" and \"instances\""},
      {"a list", "- a", "conf.yaml: expected a mapping with \"instances\", got a list"},
      {"no instances", "init_config: {}", "conf.yaml: missing required key \"instances\""},
      {"instances is empty", "instances: []",
       "instances: expected a non-empty list, got an empty list"},
      {"instances is null", "instances:", "instances: expected a non-empty list, got null"},
      {"instances is a mapping", "instances: {openmetrics_endpoint: x}",
       "instances: expected a non-empty list, got a mapping"},
      {"init_config is a list", "init_config: [a]\ninstances: [{}]",
       "init_config: expected a mapping, got a list"},
      {"misspelt section", "init_config:\ninstance:\n  - {}",
       "conf.yaml: unknown key \"instance\"; did you mean \"instances\"?"},
      {"invalid YAML", "instances:\n  - a: [",
       "conf.yaml: invalid YAML at line 2 col 1: end of sequence flow not found"},
      {"duplicate key inside an instance", "instances:\n  - {a: 1, a: 2}",
       "instances[0]: duplicate key \"a\" at line 2 col 12"},
      {"binary", std::string("\0\0\0", 3),
       "conf.yaml: not a text file: control character 0x00 at line 1 col 1"},
  }));
  INFO(c.name);
  const auto conf = split_conf_yaml(c.text);
  REQUIRE_FALSE(conf.ok());
  CHECK(conf.status().code() == kcheck::StatusCode::kInvalidArgument);
  CHECK(conf.status().message() == c.message);
}

TEST_CASE("The Agent's own top-level keys are left to the Agent", "[config][conf]") {
  // Every key of the Agent's configFormat besides init_config and instances, as users write
  // them in conf.yaml and auto_conf.yaml.
  const std::string section =
      GENERATE(as<std::string>{},  //
               "ad_identifiers: [krakend]", "advanced_ad_identifiers:\n  - kube_service: {name: k}",
               "cluster_check: true", "logs:\n  - type: file\n    path: /var/log/k.log",
               "ignore_autodiscovery_tags: true", "check_tag_cardinality: low", "jmx_metrics: []",
               "docker_images: [krakend]");
  INFO(section);
  const auto conf =
      split_conf_yaml(section + "\ninstances:\n  - openmetrics_endpoint: http://h/m\n");
  INFO(conf.status().message());
  REQUIRE(conf.ok());
  REQUIRE(conf.value().instances.size() == 1);
  CHECK(conf.value().instances[0] == R"({"openmetrics_endpoint":"http://h/m"})");
}
