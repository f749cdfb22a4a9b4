#include "config/convert.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "config/log_options.hpp"
#include "config/proxy_options.hpp"
#include "config/regex_rules.hpp"
#include "config/url.hpp"

namespace kcheck::config {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string_view str(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

const rapidjson::Value* find(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ci(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != b[i]) return false;
  }
  return true;
}

// RFC 9110 token characters, the only ones allowed in a header field name.
bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Reads init_config and instance options, the instance winning, with key paths for errors.
class Reader {
 public:
  Reader(const rapidjson::Value& init, const rapidjson::Value& instance, const PathRoot& init_root,
         const PathRoot& instance_root)
      : init_(init), inst_(instance), init_root_(init_root), inst_root_(instance_root) {}

  const rapidjson::Value* get(const char* key) const { return find(inst_, key); }

  std::string path(const char* key) const { return join_key(inst_root_.prefix, key); }

  Status fail(std::string_view path_text, std::string_view what) const {
    return error_at(inst_root_, path_text, what);
  }

  void boolean(const char* key, bool& out) const {
    if (const auto* v = get(key)) out = boolish_value(*v);
  }

  // Instance value, else init_config value, else the default already in `out`.
  void boolean_with_fallback(const char* key, bool& out) const {
    if (const auto* v = find(init_, key)) out = boolish_value(*v);
    boolean(key, out);
  }

  void string(const char* key, std::string& out) const {
    if (const auto* v = get(key)) out = std::string(str(*v));
  }

  void optional_string(const char* key, std::optional<std::string>& out) const {
    if (const auto* v = get(key)) out = std::string(str(*v));
  }

  // A string that YAML may have read as a number (`password: 12345`), as Datadog accepts.
  void optional_text(const char* key, std::optional<std::string>& out) const {
    const auto* v = get(key);
    if (v == nullptr) return;
    out = v->IsString() ? std::string(str(*v)) : describe_value(*v);
  }

  // A schema-checked whole number >= 0.
  void count(const char* key, std::uint64_t& out) const {
    if (const auto* v = get(key)) out = v->GetUint64();
  }

  void strings(const char* key, std::vector<std::string>& out) const {
    if (const auto* v = get(key)) {
      for (const auto& item : v->GetArray()) out.emplace_back(str(item));
    }
  }

  // Seconds (schema: number > 0 and <= 86400) -> milliseconds, at least 1.
  Result<std::chrono::milliseconds> millis(const rapidjson::Value& v, const PathRoot& root,
                                           const std::string& key_path) const {
    const double seconds = v.GetDouble();
    if (!std::isfinite(seconds)) {
      return error_at(root, key_path, "expected a number > 0, got " + describe_value(v));
    }
    const long long ms = std::llround(seconds * 1000.0);
    return std::chrono::milliseconds(ms < 1 ? 1 : ms);
  }

  Status duration(const char* key, std::chrono::milliseconds& out, bool with_fallback) const {
    if (with_fallback) {
      if (const auto* v = find(init_, key)) {
        auto r = millis(*v, init_root_, join_key(init_root_.prefix, key));
        if (!r.ok()) return r.status();
        out = r.value();
      }
    }
    if (const auto* v = get(key)) {
      auto r = millis(*v, inst_root_, path(key));
      if (!r.ok()) return r.status();
      out = r.value();
    }
    return {};
  }

  Status optional_duration(const char* key, std::optional<std::chrono::milliseconds>& out) const {
    if (const auto* v = get(key)) {
      auto r = millis(*v, inst_root_, path(key));
      if (!r.ok()) return r.status();
      out = r.value();
    }
    return {};
  }

  Status headers(const char* key, Headers& out) const {
    const auto* v = get(key);
    if (v == nullptr) return {};
    for (const auto& m : v->GetObject()) {
      const std::string_view name = str(m.name);
      const std::string_view value = str(m.value);
      bool token = !name.empty();
      for (const char c : name) token = token && is_token_char(c);
      if (!token) {
        return fail(path(key), "invalid header name " + quoted(name) +
                                   " (letters, digits and !#$%&'*+-.^_`|~ only)");
      }
      if (value.find_first_of("\r\n") != std::string_view::npos) {
        return fail(join_key(path(key), name), "header values must not contain line breaks");
      }
      out.emplace_back(std::string(name), std::string(value));
    }
    return {};
  }

  // Compiled here only to be refused with its key path; the Mapper compiles it again.
  Status regex(const std::string& where, std::string_view pattern) const {
    if (const auto re = Regex::compile(pattern); !re.ok()) {
      return fail(where, re.status().message());
    }
    return {};
  }

  // A list of entries that are exact names unless they look like regexes (Datadog's rule).
  Status names_or_regexes(const char* key, std::vector<std::string>& out) const {
    const auto* v = get(key);
    if (v == nullptr) return {};
    std::size_t i = 0;
    for (const auto& item : v->GetArray()) {
      const std::string_view entry = str(item);
      if (looks_like_regex(entry)) {
        if (Status s = regex(join_index(path(key), i), entry); !s.ok()) return s;
      }
      out.emplace_back(entry);
      ++i;
    }
    return {};
  }

  Status regexes(const char* key, std::vector<std::string>& out) const {
    const auto* v = get(key);
    if (v == nullptr) return {};
    std::size_t i = 0;
    for (const auto& item : v->GetArray()) {
      if (Status s = regex(join_index(path(key), i), str(item)); !s.ok()) return s;
      out.emplace_back(str(item));
      ++i;
    }
    return {};
  }

  Status extra_metrics(std::vector<ExtraMetric>& out) const {
    const auto* v = get("extra_metrics");
    if (v == nullptr) return {};
    std::size_t i = 0;
    for (const auto& item : v->GetArray()) {
      const std::string item_path = join_index(path("extra_metrics"), i++);
      if (item.IsString()) {
        if (Status s = add_extra_metric(item_path, str(item), nullptr, out); !s.ok()) return s;
        continue;
      }
      for (const auto& m : item.GetObject()) {
        if (m.name.GetStringLength() == 0) return fail(item_path, "empty metric name");
        if (Status s = add_extra_metric(item_path, str(m.name), &m.value, out); !s.ok()) return s;
      }
    }
    return {};
  }

  Status exclusions(std::vector<LabelExclusion>& out) const {
    const auto* v = get("exclude_metrics_by_labels");
    if (v == nullptr) return {};
    for (const auto& m : v->GetObject()) {
      LabelExclusion ex;
      ex.label = std::string(str(m.name));
      if (m.value.IsBool()) {
        ex.any_value = true;  // the schema admits only `true` here
      } else {
        const std::string label_path = join_key(path("exclude_metrics_by_labels"), ex.label);
        std::size_t i = 0;
        for (const auto& item : m.value.GetArray()) {
          // Each value is a regex searched in the label value (Datadog joins them with |).
          if (Status s = regex(join_index(label_path, i++), str(item)); !s.ok()) return s;
          ex.values.emplace_back(str(item));
        }
      }
      out.push_back(std::move(ex));
    }
    return {};
  }

  void rename_labels(std::map<std::string, std::string>& out) const {
    if (const auto* v = get("rename_labels")) {
      for (const auto& m : v->GetObject())
        out[std::string(str(m.name))] = std::string(str(m.value));
    }
  }

  void service(std::optional<std::string>& out) const {
    if (const auto* v = find(init_, "service")) out = std::string(str(*v));
    optional_string("service", out);
  }

  void auth_token(std::optional<std::string>& out) const {
    const auto* v = get("auth_token");
    if (v == nullptr) return;
    if (v->IsString()) {
      out = std::string(str(*v));
    } else {
      out = std::string(str((*v)["reader"]["path"]));
    }
  }

 private:
  Status add_extra_metric(const std::string& item_path, std::string_view raw,
                          const rapidjson::Value* spec, std::vector<ExtraMetric>& out) const {
    ExtraMetric em;
    em.raw = std::string(raw);
    em.name = em.raw;
    em.is_regex = looks_like_regex(raw);
    if (em.is_regex) {
      if (Status s = regex(item_path, raw); !s.ok()) return s;
    }
    if (spec != nullptr && spec->IsString()) {
      em.name = std::string(str(*spec));
    } else if (spec != nullptr) {
      if (const auto* n = find(*spec, "name")) em.name = std::string(str(*n));
      if (const auto* t = find(*spec, "type")) em.type = std::string(str(*t));
    }
    out.push_back(std::move(em));
    return {};
  }

  const rapidjson::Value& init_;
  const rapidjson::Value& inst_;
  const PathRoot& init_root_;
  const PathRoot& inst_root_;
};

Status fill_http(const Reader& r, HttpOptions& http) {
  const auto* endpoint = r.get("openmetrics_endpoint");
  if (endpoint == nullptr) return r.fail("", "missing required key \"openmetrics_endpoint\"");
  auto url = parse_endpoint_url(str(*endpoint));
  if (!url.ok()) return r.fail(r.path("openmetrics_endpoint"), url.status().message());
  http.endpoint = std::string(str(*endpoint));
  if (Status s = r.duration("timeout", http.timeout, true); !s.ok()) return s;
  if (Status s = r.optional_duration("connect_timeout", http.connect_timeout); !s.ok()) return s;
  if (Status s = r.optional_duration("read_timeout", http.read_timeout); !s.ok()) return s;
  if (r.get("headers") != nullptr) {
    http.headers.emplace();
    if (Status s = r.headers("headers", *http.headers); !s.ok()) return s;
  }
  if (Status s = r.headers("extra_headers", http.extra_headers); !s.ok()) return s;
  r.optional_string("username", http.username);
  r.optional_text("password", http.password);
  r.auth_token(http.auth_token_path);
  r.boolean("tls_verify", http.tls_verify);
  r.optional_string("tls_ca_cert", http.tls_ca_cert);
  r.optional_string("tls_cert", http.tls_cert);
  r.optional_string("tls_private_key", http.tls_private_key);
  r.boolean("tls_ignore_warning", http.tls_ignore_warning);
  r.boolean("allow_redirects", http.allow_redirects);
  r.boolean("use_latest_spec", http.use_latest_spec);
  if (const auto* v = r.get("max_body_size")) http.max_body_bytes = v->GetUint64();
  return {};
}

Status fill_map(const Reader& r, MapOptions& map) {
  r.boolean_with_fallback("go_metrics", map.go_metrics);
  r.boolean_with_fallback("process_metrics", map.process_metrics);
  r.strings("tags", map.tags);
  r.service(map.service);
  r.string("raw_metric_prefix", map.raw_metric_prefix);
  if (Status s = r.regexes("raw_line_filters", map.raw_line_filters); !s.ok()) return s;
  if (Status s = r.extra_metrics(map.extra_metrics); !s.ok()) return s;
  if (Status s = r.names_or_regexes("exclude_metrics", map.exclude_metrics); !s.ok()) return s;
  if (Status s = r.exclusions(map.exclude_metrics_by_labels); !s.ok()) return s;
  r.strings("exclude_labels", map.exclude_labels);
  r.strings("include_labels", map.include_labels);
  r.rename_labels(map.rename_labels);
  r.boolean("tag_by_endpoint", map.tag_by_endpoint);
  r.boolean("collect_histogram_buckets", map.collect_histogram_buckets);
  r.boolean("non_cumulative_histogram_buckets", map.non_cumulative_histogram_buckets);
  r.boolean("histogram_buckets_as_distributions", map.histogram_buckets_as_distributions);
  r.boolean("enable_health_service_check", map.enable_health_service_check);
  r.boolean("ignore_connection_errors", map.ignore_connection_errors);
  r.optional_string("hostname_label", map.hostname_label);
  r.optional_string("hostname_format", map.hostname_format);
  r.boolean("empty_default_hostname", map.empty_default_hostname);
  r.boolean("telemetry", map.telemetry);
  r.boolean("strict_parsing", map.strict_parsing);
  r.count("max_returned_metrics", map.max_returned_metrics);
  r.count("sample_limit", map.limits.sample_limit);
  r.count("label_limit", map.limits.label_limit);
  r.count("label_name_length_limit", map.limits.label_name_length_limit);
  r.count("label_value_length_limit", map.limits.label_value_length_limit);
  return {};
}

}  // namespace

bool boolish_value(const rapidjson::Value& value) noexcept {
  if (value.IsBool()) return value.GetBool();
  if (value.IsNumber()) return value.IsInt64() && value.GetInt64() == 1;
  if (value.IsString()) {
    const std::string_view s = str(value);
    return equals_ci(s, "true") || equals_ci(s, "yes") || s == "1";
  }
  return false;
}

std::string_view json_string(const rapidjson::Value& value) {
  return str(value);
}

const rapidjson::Value* json_member(const rapidjson::Value& object, const char* key) {
  return find(object, key);
}

Result<InstanceConfig> to_instance_config(const rapidjson::Value& init,
                                          const rapidjson::Value& instance,
                                          const PathRoot& init_root,
                                          const PathRoot& instance_root) {
  const Reader r(init, instance, init_root, instance_root);
  InstanceConfig config;
  if (Status s = fill_http(r, config.http); !s.ok()) return s;
  if (Status s = read_proxy_options(init, instance, init_root, instance_root, config.http);
      !s.ok()) {
    return s;
  }
  if (Status s = fill_map(r, config.map); !s.ok()) return s;
  if (Status s = read_log_options(instance, instance_root, config.logs); !s.ok()) return s;
  if (Status s = r.duration("min_collection_interval", config.min_collection_interval, true);
      !s.ok()) {
    return s;
  }
  r.string("name", config.name);
  return config;
}

}  // namespace kcheck::config
