#include "target.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "config/key_path.hpp"
#include "config/yaml_to_json.hpp"

namespace kcheck::zabbix {

namespace {

// NaN and infinities as "NaN"/"Infinity": never valid options, and the core's error still names
// the key (YAML reads them back as strings).
using Writer = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                 rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>;

std::string to_json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool has_prefix_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c =
        text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != prefix[i]) return false;
  }
  return true;
}

// One configuration text (init_config or an instance) read as a document, cache_seconds taken
// out of it.
struct Section {
  rapidjson::Document doc;
  std::string core_text;                ///< what the core gets: unchanged without the key
  std::optional<double> cache_seconds;  ///< the key's value when set (not null)
};

Result<Section> read_section(std::string_view text, const config::PathRoot& root) {
  Section section;
  if (Status s = config::yaml_to_json(text, root, section.doc); !s.ok()) return s;
  section.core_text = std::string(text);
  if (!section.doc.IsObject()) return section;  // the core says what is wrong with it
  const auto it = section.doc.FindMember(kCacheSecondsKey.data());
  if (it == section.doc.MemberEnd()) return section;
  const rapidjson::Value& value = it->value;
  if (!value.IsNull()) {
    if (!value.IsNumber() || !std::isfinite(value.GetDouble()) || value.GetDouble() < 0 ||
        value.GetDouble() > kMaxCacheSeconds) {
      return config::error_at(root, config::join_key(root.prefix, kCacheSecondsKey),
                              "expected a number of seconds from 0 to " +
                                  std::to_string(kMaxCacheSeconds) + ", got " +
                                  config::describe_value(value));
    }
    section.cache_seconds = value.GetDouble();
  }
  section.doc.EraseMember(it);
  section.core_text = to_json_text(section.doc);
  return section;
}

std::chrono::milliseconds ttl_of(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000.0)));
}

std::string instance_name(const rapidjson::Value& instance) {
  if (!instance.IsObject()) return {};
  const auto it = instance.FindMember("name");
  if (it == instance.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

Result<std::string> read_file(const std::string& path) {
  const auto error = [&path](int code) {
    return unavailable("cannot read " + path + ": " + std::generic_category().message(code));
  };
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return error(errno);
  std::string text;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, n);
    if (text.size() > kMaxConfBytes) {
      return invalid_argument(path + ": larger than " + std::to_string(kMaxConfBytes) +
                              " bytes; is this the module's conf.yaml?");
    }
  }
  if (std::ferror(file.get())) return error(errno != 0 ? errno : EIO);
  return text;
}

}  // namespace

bool is_url_target(std::string_view target) noexcept {
  return has_prefix_ignoring_case(target, "http://") ||
         has_prefix_ignoring_case(target, "https://");
}

Result<Target> url_target(std::string_view url) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("openmetrics_endpoint");
  writer.String(url.data(), static_cast<rapidjson::SizeType>(url.size()));
  writer.EndObject();
  const std::string instance(buffer.GetString(), buffer.GetSize());
  auto config = config::load_instance("{}", instance, 0);
  if (!config.ok()) return config.status().with_context("target " + config::quoted(url) + ": ");
  return Target{std::string(url), instance, std::move(config).value(), kDefaultCacheTtl};
}

Result<Target> named_target(std::string_view name, std::string_view conf_path,
                            std::string_view conf_text) {
  const std::string context = std::string(conf_path) + ": ";
  auto conf = config::split_conf_yaml(conf_text);
  if (!conf.ok()) return conf.status().with_context(context);

  // Only the chosen instance is read further: a mistake in another one is that one's error.
  std::optional<std::size_t> found;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < conf->instances.size(); ++i) {
    const std::string label = config::join_index("instances", i);
    rapidjson::Document doc;
    if (Status s = config::yaml_to_json(conf->instances[i], {label, label}, doc); !s.ok()) {
      return s.with_context(context);
    }
    const std::string this_name = instance_name(doc);
    if (this_name.empty()) continue;
    names.push_back(config::quoted(this_name));
    if (this_name != name) continue;
    if (found) {
      return invalid_argument(context + label + ".name: " + config::quoted(name) +
                              " is also the name of " + config::join_index("instances", *found));
    }
    found = i;
  }
  if (!found) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    return invalid_argument(
        context + "no instance has name: " + config::quoted(name) +
        (known.empty() ? std::string(" (no instance has a name)") : " (names: " + known + ")"));
  }
  const std::string label = config::join_index("instances", *found);
  auto instance = read_section(conf->instances[*found], {label, label});
  if (!instance.ok()) return instance.status().with_context(context);
  auto init = read_section(conf->init_config, {"init_config", "init_config"});
  if (!init.ok()) return init.status().with_context(context);

  const int index = static_cast<int>(*found);
  auto config = config::load_instance(init->core_text, instance->core_text, index);
  if (!config.ok()) return config.status().with_context(context);
  // Each of the agent's listener processes would tail the files on its own, from its own
  // start: counts that differ per process and records read several times.
  if (config->logs.enabled()) {
    return invalid_argument(context + label +
                            ".log_files: log tailing is not supported by the Zabbix module "
                            "(each agent process would read the files separately); use Zabbix's "
                            "log[] or logrt[] items on KrakenD's log files");
  }
  const double seconds = instance->cache_seconds.value_or(
      init->cache_seconds.value_or(static_cast<double>(kDefaultCacheTtl.count())));
  return Target{std::string(name), init->core_text + "\n" + instance->core_text,
                std::move(config).value(), ttl_of(seconds)};
}

Result<Target> resolve_target(std::string_view target, const std::string& conf_path) {
  if (is_url_target(target)) return url_target(target);
  auto text = read_file(conf_path);
  if (!text.ok()) {
    return Status(text.status().code(), text.status().message() + " (the target " +
                                            config::quoted(target) +
                                            " is an instance name; a URL target needs no file)");
  }
  return named_target(target, conf_path, *text);
}

}  // namespace kcheck::zabbix
