#include "config_tree.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "json_text.hpp"

namespace kcheck::collectd {

namespace {

// How a conf.yaml option is written in collectd.conf (docs/agents.md, "collectd mapping").
enum class Shape {
  kScalar,        // Key value
  kList,          // Key v1 v2 ...  (repeatable; always a JSON array)
  kStringMap,     // <Key> name "value" ... </Key>, or Key "name" "value" (repeatable)
  kExtraMetrics,  // Key "raw" ...  and/or  <Key> raw "new" <Metric "raw"> Name/Type </Metric>
  kLabelValues,   // <Key> label true  label "v1" "v2" </Key>
  kGeneric,       // unknown or nested (auth_token): values and children as they come
};

struct Option {
  std::string_view name;
  Shape shape;
};

// Every option of the instance and init_config schemas (schemas/*.json).
constexpr std::array<Option, 55> kOptions = {{
    {"openmetrics_endpoint", Shape::kScalar},
    {"go_metrics", Shape::kScalar},
    {"process_metrics", Shape::kScalar},
    {"tags", Shape::kList},
    {"service", Shape::kScalar},
    {"name", Shape::kScalar},
    {"loader", Shape::kScalar},
    {"min_collection_interval", Shape::kScalar},
    {"empty_default_hostname", Shape::kScalar},
    {"timeout", Shape::kScalar},
    {"connect_timeout", Shape::kScalar},
    {"read_timeout", Shape::kScalar},
    {"headers", Shape::kStringMap},
    {"extra_headers", Shape::kStringMap},
    {"username", Shape::kScalar},
    {"password", Shape::kScalar},
    {"auth_token", Shape::kGeneric},
    {"tls_verify", Shape::kScalar},
    {"tls_ca_cert", Shape::kScalar},
    {"tls_cert", Shape::kScalar},
    {"tls_private_key", Shape::kScalar},
    {"tls_ignore_warning", Shape::kScalar},
    {"allow_redirects", Shape::kScalar},
    {"use_latest_spec", Shape::kScalar},
    {"max_body_size", Shape::kScalar},
    {"raw_metric_prefix", Shape::kScalar},
    {"raw_line_filters", Shape::kList},
    {"extra_metrics", Shape::kExtraMetrics},
    {"exclude_metrics", Shape::kList},
    {"exclude_metrics_by_labels", Shape::kLabelValues},
    {"exclude_labels", Shape::kList},
    {"include_labels", Shape::kList},
    {"rename_labels", Shape::kStringMap},
    {"tag_by_endpoint", Shape::kScalar},
    {"collect_histogram_buckets", Shape::kScalar},
    {"non_cumulative_histogram_buckets", Shape::kScalar},
    {"histogram_buckets_as_distributions", Shape::kScalar},
    {"enable_health_service_check", Shape::kScalar},
    {"ignore_connection_errors", Shape::kScalar},
    {"hostname_label", Shape::kScalar},
    {"hostname_format", Shape::kScalar},
    {"telemetry", Shape::kScalar},
    {"log_files", Shape::kList},
    {"log_start_position", Shape::kScalar},
    {"log_max_bytes_per_run", Shape::kScalar},
    {"log_timezone", Shape::kScalar},
    {"log_output", Shape::kScalar},
    {"log_output_max_size", Shape::kScalar},
    // Adapter-only keys, never passed to the core.
    {"instance", Shape::kScalar},
    {"interval", Shape::kScalar},
    {"series_map_log", Shape::kScalar},
    {"strict_config", Shape::kScalar},
    // Spellings collectd users reach for.
    {"tag", Shape::kList},
    {"header", Shape::kStringMap},
    {"log_file", Shape::kList},
}};

// Singular spellings folded onto the option they extend.
std::string_view canonical(std::string_view name) {
  if (name == "tag") return "tags";
  if (name == "header") return "headers";
  if (name == "log_file") return "log_files";
  return name;
}

// Lowercase, underscores and dashes dropped: "OpenmetricsEndpoint", "openmetrics_endpoint" and
// "TLSCACert" / "tls_ca_cert" compare equal.
std::string fold_key(std::string_view key) {
  std::string out;
  for (const char ch : key) {
    if (ch == '_' || ch == '-') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  return out;
}

const Option* find_option(std::string_view collectd_key) {
  const std::string folded = fold_key(collectd_key);
  for (const Option& option : kOptions) {
    if (fold_key(option.name) == folded) return &option;
  }
  return nullptr;
}

std::string snake_case(std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (std::isupper(c) && i > 0) {
      const auto prev = static_cast<unsigned char>(key[i - 1]);
      const bool next_lower =
          i + 1 < key.size() && std::islower(static_cast<unsigned char>(key[i + 1]));
      if (std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower)) {
        if (out.empty() || out.back() != '_') out.push_back('_');
      }
    }
    out.push_back(key[i] == '-' ? '_' : static_cast<char>(std::tolower(c)));
  }
  return out;
}

Status error_at(std::string_view key, std::string_view what) {
  return invalid_argument(std::string(key) + ": " + std::string(what));
}

// Appends one value as JSON.
Status append_value(std::string& out, const ConfigItem& item, const ConfigValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    append_json_string(out, *s);
  } else if (const auto* d = std::get_if<double>(&value)) {
    if (!append_json_number(out, *d)) return error_at(item.key, "expected a finite number");
  } else {
    out += std::get<bool>(value) ? "true" : "false";
  }
  return Status();
}

Status string_of(const ConfigItem& item, const ConfigValue& value, std::string& out) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    out = *s;
    return Status();
  }
  return error_at(item.key, "expected a quoted string");
}

// A JSON object under construction whose members keep collectd's order; a key given twice is
// an error, except for options that accumulate (lists, maps).
class JsonObject {
 public:
  bool has(const std::string& key) const { return members_.count(key) != 0; }
  std::string& member(const std::string& key) {
    if (!has(key)) order_.push_back(key);
    return members_[key];
  }
  std::string text() const {
    std::string out = "{";
    for (const std::string& key : order_) {
      if (out.size() > 1) out.push_back(',');
      append_json_string(out, key);
      out.push_back(':');
      out += members_.at(key);
    }
    out.push_back('}');
    return out;
  }

 private:
  std::vector<std::string> order_;
  std::map<std::string, std::string> members_;
};

// Appends `element` to the JSON array text in `array` ("" when the array is new).
void append_element(std::string& array, const std::string& element) {
  if (array.empty()) {
    array = "[" + element + "]";
  } else {
    array.insert(array.size() - 1, "," + element);
  }
}

// Adds `"name": value` to the JSON object text in `object` ("" when the object is new).
void add_member(std::string& object, std::string_view name, const std::string& value) {
  std::string member;
  append_json_string(member, name);
  member += ":" + value;
  if (object.empty()) {
    object = "{" + member + "}";
  } else {
    object.insert(object.size() - 1, "," + member);
  }
}

Status generic_json(const ConfigItem& item, std::string& out);

// Children of a block, keys converted to conf.yaml spelling.
Status generic_object(const ConfigItem& item, std::string& out) {
  JsonObject object;
  for (const ConfigItem& child : item.children) {
    const std::string key = conf_yaml_key(child.key);
    if (object.has(key)) return error_at(child.key, "given twice");
    Status st = generic_json(child, object.member(key));
    if (!st.ok()) return st;
  }
  out = object.text();
  return Status();
}

Status generic_json(const ConfigItem& item, std::string& out) {
  if (!item.children.empty()) {
    if (!item.values.empty()) return error_at(item.key, "expected a block without values");
    return generic_object(item, out);
  }
  if (item.values.empty()) return error_at(item.key, "expected a value");
  if (item.values.size() == 1) return append_value(out, item, item.values[0]);
  out = "[";
  for (std::size_t i = 0; i < item.values.size(); ++i) {
    if (i > 0) out.push_back(',');
    Status st = append_value(out, item, item.values[i]);
    if (!st.ok()) return st;
  }
  out.push_back(']');
  return Status();
}

Status add_list(const ConfigItem& item, std::string& array) {
  if (!item.children.empty()) return error_at(item.key, "expected values, not a block");
  if (item.values.empty()) return error_at(item.key, "expected at least one value");
  for (const ConfigValue& value : item.values) {
    std::string element;
    Status st = append_value(element, item, value);
    if (!st.ok()) return st;
    append_element(array, element);
  }
  return Status();
}

Status add_string_map(const ConfigItem& item, std::string& object) {
  if (item.values.size() % 2 != 0) {
    return error_at(item.key, "expected \"name\" \"value\" pairs");
  }
  for (std::size_t i = 0; i < item.values.size(); i += 2) {
    std::string name, value;
    Status st = string_of(item, item.values[i], name);
    if (st.ok()) st = string_of(item, item.values[i + 1], value);
    if (!st.ok()) return st;
    std::string json;
    append_json_string(json, value);
    add_member(object, name, json);
  }
  // Block form: child keys are names used verbatim (header and label names are case-sensitive).
  // collectd's parser reads a key only up to the first character that is not a letter, digit or
  // underscore (`X-Token "a"` arrives as key `X` with two values): say how to write such names.
  for (const ConfigItem& child : item.children) {
    if (child.values.size() != 1 || !child.children.empty()) {
      return error_at(item.key + "." + child.key,
                      "expected one value (a name that is not only letters, digits and "
                      "underscores, such as X-Token, must be written " +
                          item.key + " \"X-Token\" \"value\")");
    }
    std::string json;
    Status st = append_value(json, child, child.values[0]);
    if (!st.ok()) return st;
    add_member(object, child.key, json);
  }
  if (item.values.empty() && item.children.empty()) return error_at(item.key, "expected entries");
  return Status();
}

Status add_extra_metrics(const ConfigItem& item, std::string& array) {
  for (const ConfigValue& value : item.values) {
    std::string element;
    Status st = append_value(element, item, value);
    if (!st.ok()) return st;
    append_element(array, element);
  }
  for (const ConfigItem& child : item.children) {
    std::string mapping;
    if (fold_key(child.key) == "metric" && !child.children.empty()) {
      // <Metric "raw"> Name "new" Type "gauge" </Metric>  ->  {raw: {name: new, type: gauge}}
      std::string raw;
      if (child.values.size() != 1) return error_at(child.key, "expected one raw metric name");
      Status st = string_of(child, child.values[0], raw);
      if (!st.ok()) return st;
      std::string body;
      st = generic_object(child, body);
      if (!st.ok()) return st;
      add_member(mapping, raw, body);
    } else {
      // raw_name "new_name"  ->  {raw_name: new_name}; the key is a metric name, verbatim.
      if (child.values.size() != 1 || !child.children.empty()) {
        return error_at(item.key + "." + child.key, "expected one new metric name");
      }
      std::string json;
      Status st = append_value(json, child, child.values[0]);
      if (!st.ok()) return st;
      add_member(mapping, child.key, json);
    }
    append_element(array, mapping);
  }
  if (item.values.empty() && item.children.empty()) return error_at(item.key, "expected entries");
  return Status();
}

Status add_label_values(const ConfigItem& item, std::string& object) {
  if (!item.values.empty()) return error_at(item.key, "expected a block of labels");
  for (const ConfigItem& child : item.children) {
    // label true  ->  true (any value);  label "a" "b"  ->  ["a", "b"]
    std::string json;
    if (child.values.size() == 1 && std::holds_alternative<bool>(child.values[0])) {
      json = std::get<bool>(child.values[0]) ? "true" : "false";
    } else {
      Status st = add_list(child, json);
      if (!st.ok()) return st;
    }
    add_member(object, child.key, json);
  }
  if (item.children.empty()) return error_at(item.key, "expected labels");
  return Status();
}

// Adds one option line/block to `object`.
Status add_option(const ConfigItem& item, JsonObject& object) {
  const Option* option = find_option(item.key);
  const Shape shape = option == nullptr ? Shape::kGeneric : option->shape;
  const std::string key =
      option == nullptr ? snake_case(item.key) : std::string(canonical(option->name));
  const bool accumulates =
      shape == Shape::kList || shape == Shape::kStringMap || shape == Shape::kExtraMetrics;
  if (object.has(key) && !accumulates) return error_at(item.key, "given twice");
  std::string& slot = object.member(key);
  switch (shape) {
    case Shape::kScalar:
      if (item.values.size() != 1 || !item.children.empty()) {
        return error_at(item.key, "expected one value");
      }
      return append_value(slot, item, item.values[0]);
    case Shape::kList:
      return add_list(item, slot);
    case Shape::kStringMap:
      return add_string_map(item, slot);
    case Shape::kExtraMetrics:
      return add_extra_metrics(item, slot);
    case Shape::kLabelValues:
      return add_label_values(item, slot);
    case Shape::kGeneric:
      return generic_json(item, slot);
  }
  return Status();
}

Result<bool> bool_value(const ConfigItem& item) {
  if (item.values.size() == 1 && item.children.empty()) {
    if (const auto* b = std::get_if<bool>(&item.values[0])) return *b;
  }
  return error_at(item.key, "expected true or false");
}

Result<InstanceBlock> translate_instance(const ConfigItem& block) {
  InstanceBlock instance;
  if (block.values.size() != 1 || !std::holds_alternative<std::string>(block.values[0])) {
    return error_at(block.key, "expected one quoted name, as in <Instance \"gateway\">");
  }
  instance.name = std::get<std::string>(block.values[0]);
  JsonObject object;
  for (const ConfigItem& child : block.children) {
    const std::string context = "Instance \"" + instance.name + "\": ";
    if (fold_key(child.key) == "interval") {
      const auto* seconds = child.values.size() == 1 && child.children.empty()
                                ? std::get_if<double>(&child.values[0])
                                : nullptr;
      if (seconds == nullptr || !(*seconds > 0) || !(*seconds <= 86400)) {
        return error_at(context + child.key, "expected a number of seconds in (0, 86400]");
      }
      instance.interval_seconds = *seconds;
      continue;
    }
    if (fold_key(child.key) == "instance" || fold_key(child.key) == "seriesmaplog" ||
        fold_key(child.key) == "strictconfig") {
      return error_at(context + child.key, "belongs directly in <Plugin krakend>");
    }
    Status st = add_option(child, object);
    if (!st.ok()) return st.with_context(context);
  }
  instance.instance_json = object.text();
  return instance;
}

}  // namespace

bool strict_config_requested(const ConfigItem& plugin_block) {
  for (const ConfigItem& child : plugin_block.children) {
    if (fold_key(child.key) != "strictconfig") continue;
    auto flag = bool_value(child);
    return flag.ok() && *flag;
  }
  return false;
}

std::string conf_yaml_key(std::string_view collectd_key) {
  const Option* option = find_option(collectd_key);
  if (option != nullptr) return std::string(canonical(option->name));
  return snake_case(collectd_key);
}

Result<PluginConfig> translate_plugin_block(const ConfigItem& plugin_block) {
  PluginConfig config;
  JsonObject init_config;
  std::set<std::string> names;
  for (const ConfigItem& child : plugin_block.children) {
    const std::string folded = fold_key(child.key);
    if (folded == "instance") {
      auto instance = translate_instance(child);
      if (!instance.ok()) return instance.status();
      if (!names.insert(instance->name).second) {
        return error_at(child.key, "\"" + instance->name + "\" is configured twice");
      }
      config.instances.push_back(std::move(instance).value());
    } else if (folded == "seriesmaplog") {
      auto flag = bool_value(child);
      if (!flag.ok()) return flag.status();
      config.series_map_log = *flag;
    } else if (folded == "strictconfig") {
      auto flag = bool_value(child);
      if (!flag.ok()) return flag.status();
      config.strict_config = *flag;
    } else if (folded == "interval") {
      return error_at(child.key, "belongs in an <Instance> block");
    } else {
      Status st = add_option(child, init_config);
      if (!st.ok()) return st;
    }
  }
  config.init_config_json = init_config.text();
  return config;
}

}  // namespace kcheck::collectd
