// load_instance: text -> JSON -> schema -> typed config, for init_config and one instance.
#include <new>
#include <string>

#include "config/config.hpp"
#include "config/convert.hpp"
#include "config/embedded_schemas.hpp"
#include "config/key_path.hpp"
#include "config/schema_check.hpp"
#include "config/yaml_to_json.hpp"

namespace kcheck::config {
namespace {

// `key:` with nothing after it means "not set" (Datadog's templates leave options that way),
// except for a required key, whose absence would otherwise be reported misleadingly.
void drop_null_options(rapidjson::Value& object, std::string_view keep) {
  if (!object.IsObject()) return;
  // Indexes, not iterator comparisons: RapidJSON 1.1's iterator operators are ambiguous in C++20.
  for (rapidjson::SizeType i = 0; i < object.MemberCount();) {
    const auto it = object.MemberBegin() + i;
    const std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (it->value.IsNull() && name != keep) {
      object.EraseMember(it);
    } else {
      ++i;
    }
  }
}

Result<InstanceConfig> load(std::string_view init_text, std::string_view instance_text,
                            int instance_index) {
  const PathRoot init_root{"init_config", "init_config"};
  const std::string label = "instances[" + std::to_string(instance_index) + "]";
  const PathRoot instance_root{label, label};

  rapidjson::Document init;
  if (Status s = yaml_to_json(init_text, init_root, init); !s.ok()) return s;
  if (init.IsNull()) init.SetObject();  // the Agent sends "" for an empty init_config
  drop_null_options(init, {});
  if (Status s = validate_against_schema(init, init_config_schema_text(), init_root); !s.ok()) {
    return s;
  }

  rapidjson::Document instance;
  if (Status s = yaml_to_json(instance_text, instance_root, instance); !s.ok()) return s;
  if (instance.IsNull()) {
    return error_at(instance_root, "",
                    "empty configuration; expected a mapping with at least "
                    "\"openmetrics_endpoint\"");
  }
  drop_null_options(instance, "openmetrics_endpoint");
  if (Status s = validate_against_schema(instance, instance_schema_text(), instance_root);
      !s.ok()) {
    return s;
  }
  return to_instance_config(init, instance, init_root, instance_root);
}

}  // namespace

Result<InstanceConfig> load_instance(std::string_view init_config_text,
                                     std::string_view instance_text, int instance_index) {
  try {
    return load(init_config_text, instance_text, instance_index);
  } catch (const std::bad_alloc&) {
    return resource_exhausted("out of memory while loading the configuration");
  } catch (const std::exception& e) {
    return internal_error(std::string("configuration loader failed: ") + e.what());
  }
}

}  // namespace kcheck::config
