// The Autodiscovery templates of examples/ (auto_conf.yaml, the pod annotation, the cluster
// check) load as the check receives them: template variables resolved by the Agent first, and
// the Agent's own top-level keys (ad_identifiers, cluster_check, ...) left to the Agent.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>

#include "config/config.hpp"
#include "config/yaml_to_json.hpp"
#include "shared_data.hpp"

using kcheck::config::load_instance;
using kcheck::config::split_conf_yaml;

namespace {

constexpr const char* kPodHost = "10.42.3.17";

std::string example(const char* relative_path) {
  const auto text = kcheck::test::read_file(kcheck::test::data_dir().parent_path().parent_path() /
                                            "examples" / relative_path);
  REQUIRE(text.has_value());
  return *text;
}

/// What the Agent does to a template before the check sees it: %%host%% -> the address.
std::string resolve_host(std::string text, const std::string& host) {
  const std::string variable = "%%host%%";
  for (auto at = text.find(variable); at != std::string::npos; at = text.find(variable, at)) {
    text.replace(at, variable.size(), host);
    at += host.size();
  }
  return text;
}

/// The string at `keys` of a YAML document (a manifest holding a configuration as text).
std::string nested_text(const std::string& yaml, std::initializer_list<const char*> keys) {
  rapidjson::Document doc;
  const kcheck::Status parsed = kcheck::config::yaml_to_json(yaml, {"", "manifest"}, doc);
  INFO(parsed.message());
  REQUIRE(parsed.ok());
  const rapidjson::Value* node = &doc;
  for (const char* key : keys) {
    INFO("key " << key);
    REQUIRE(node->IsObject());
    const auto it = node->FindMember(key);
    REQUIRE(it != node->MemberEnd());
    node = &it->value;
  }
  REQUIRE(node->IsString());
  return std::string(node->GetString(), node->GetStringLength());
}

/// Splits a conf.yaml text and loads its only instance; returns the scraped endpoint.
std::string only_endpoint(const std::string& conf_text, const std::string& extra_instance_keys) {
  const auto conf = split_conf_yaml(conf_text);
  INFO(conf.status().message());
  REQUIRE(conf.ok());
  REQUIRE(conf.value().instances.size() == 1);
  std::string instance = conf.value().instances[0];
  if (!extra_instance_keys.empty()) {
    instance.insert(instance.size() - 1, "," + extra_instance_keys);  // before the closing '}'
  }
  const auto loaded = load_instance(conf.value().init_config, instance, 0);
  INFO(loaded.status().message());
  REQUIRE(loaded.ok());
  return loaded.value().http.endpoint;
}

}  // namespace

TEST_CASE("auto_conf.yaml loads once the Agent has put the container's address in %%host%%",
          "[config][fleet]") {
  const std::string text = example("datadog/conf.d/krakend_native.d/auto_conf.yaml");
  CHECK(text.find("ad_identifiers:\n  - krakend\n") != std::string::npos);
  for (const std::string host : {kPodHost, "krakend-7d9f8.gateway.svc"}) {
    INFO(host);
    CHECK(only_endpoint(resolve_host(text, host), "") == "http://" + host + ":9090/metrics");
  }
}

TEST_CASE("The pod annotation's krakend_native object loads as a conf.yaml", "[config][fleet]") {
  const std::string checks = nested_text(
      example("kubernetes/pod-annotations.yaml"),
      {"spec", "template", "metadata", "annotations", "ad.datadoghq.com/krakend.checks"});
  rapidjson::Document annotation;
  REQUIRE(
      kcheck::config::yaml_to_json(resolve_host(checks, kPodHost), {"", "annotation"}, annotation)
          .ok());
  REQUIRE(annotation.IsObject());
  const auto check = annotation.FindMember("krakend_native");
  REQUIRE(check != annotation.MemberEnd());
  // A check's object holds the keys of a conf.yaml (init_config, instances, logs, ...).
  rapidjson::StringBuffer conf_text;
  rapidjson::Writer<rapidjson::StringBuffer> writer(conf_text);
  check->value.Accept(writer);
  CHECK(only_endpoint(conf_text.GetString(), "") ==
        std::string("http://") + kPodHost + ":9090/metrics");
}

TEST_CASE("The cluster check loads, with the key the Cluster Agent adds to each instance",
          "[config][fleet]") {
  const std::string conf_text = nested_text(example("kubernetes/cluster-check-values.yaml"),
                                            {"clusterAgent", "confd", "krakend_native.yaml"});
  CHECK(conf_text.rfind("cluster_check: true\n", 0) == 0);
  // The Cluster Agent dispatches every instance with empty_default_hostname: true.
  CHECK(only_endpoint(conf_text, R"("empty_default_hostname":true)") ==
        "http://krakend.gateway.svc.cluster.local:9090/metrics");
}
