// split_conf_yaml: a Datadog-style conf.yaml -> init_config text + one JSON text per instance.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/key_path.hpp"
#include "config/suggest.hpp"
#include "config/yaml_to_json.hpp"

namespace kcheck::config {
namespace {

// JSON has no infinity or NaN; YAML does, and JSON text is read back as YAML, so write them
// in YAML's spelling instead of failing.
class YamlCompatibleWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Base = rapidjson::Writer<rapidjson::StringBuffer>;
  using Base::Base;
  bool Double(double d) {
    if (std::isnan(d)) return RawValue(".nan", 4, rapidjson::kNumberType);
    if (std::isinf(d)) {
      return d > 0 ? RawValue(".inf", 4, rapidjson::kNumberType)
                   : RawValue("-.inf", 5, rapidjson::kNumberType);
    }
    return Base::Double(d);
  }
};

std::string to_json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  YamlCompatibleWriter writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<ConfFile> split(std::string_view text) {
  const PathRoot root{"", "conf.yaml"};
  rapidjson::Document doc;
  if (Status s = yaml_to_json(text, root, doc); !s.ok()) return s;
  if (doc.IsNull()) {
    return error_at(root, "", "empty configuration; expected \"init_config\" and \"instances\"");
  }
  if (!doc.IsObject()) {
    return error_at(root, "", "expected a mapping with \"instances\", got " + describe_at("", doc));
  }
  // init_config and instances, then the top-level keys the Agent itself reads from a check's
  // conf.yaml or auto_conf.yaml (the Agent's configFormat: Autodiscovery, cluster checks, log
  // collection, tag handling). They never reach the check through the Agent, but the same file
  // is run by host-stub and named by the Zabbix module, so they must not be errors here.
  const std::vector<std::string> known = {"init_config",
                                          "instances",
                                          "logs",
                                          "ad_identifiers",
                                          "advanced_ad_identifiers",
                                          "cluster_check",
                                          "ignore_autodiscovery_tags",
                                          "check_tag_cardinality",
                                          "jmx_metrics",
                                          "docker_images"};
  const rapidjson::Value& top =
      doc;  // const: RapidJSON 1.1's mutable iterators are ambiguous in C++20
  for (const auto& m : top.GetObject()) {
    const std::string_view name(m.name.GetString(), m.name.GetStringLength());
    bool is_known = false;
    for (const auto& k : known) is_known = is_known || k == name;
    if (!is_known) return error_at(root, "", unknown_key_message(name, known));
  }
  ConfFile out;
  out.init_config = "{}";
  if (const auto it = top.FindMember("init_config"); it != top.MemberEnd()) {
    if (it->value.IsObject()) {
      out.init_config = to_json_text(it->value);
    } else if (!it->value.IsNull()) {
      return error_at(root, "init_config",
                      "expected a mapping, got " + describe_at("init_config", it->value));
    }
  }
  const auto it = top.FindMember("instances");
  if (it == top.MemberEnd()) return error_at(root, "", "missing required key \"instances\"");
  if (!it->value.IsArray() || it->value.Empty()) {
    return error_at(root, "instances",
                    "expected a non-empty list, got " +
                        (it->value.IsArray() ? std::string("an empty list")
                                             : describe_at("instances", it->value)));
  }
  for (const auto& instance : it->value.GetArray()) out.instances.push_back(to_json_text(instance));
  return out;
}

}  // namespace

Result<ConfFile> split_conf_yaml(std::string_view conf_yaml_text) {
  try {
    return split(conf_yaml_text);
  } catch (const std::bad_alloc&) {
    return resource_exhausted("out of memory while reading conf.yaml");
  } catch (const std::exception& e) {
    return internal_error(std::string("conf.yaml reader failed: ") + e.what());
  }
}

}  // namespace kcheck::config
