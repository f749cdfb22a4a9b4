#include "config/log_options.hpp"

#include <fnmatch.h>

#include <string>

#include "config/convert.hpp"

namespace kcheck::config {

Status read_log_options(const rapidjson::Value& instance, const PathRoot& instance_root,
                        LogOptions& logs) {
  if (const auto* files = json_member(instance, "log_files")) {
    for (const auto& item : files->GetArray()) logs.files.emplace_back(json_string(item));
  }
  if (const auto* v = json_member(instance, "log_start_position")) {
    logs.start_at_beginning = json_string(*v) == "beginning";
  }
  if (const auto* v = json_member(instance, "log_max_bytes_per_run")) {
    logs.max_bytes_per_run = v->GetUint64();
  }
  if (const auto* v = json_member(instance, "log_timezone")) {
    auto zone = logs::TimeZone::load(json_string(*v));
    if (!zone.ok()) {
      return error_at(instance_root, join_key(instance_root.prefix, "log_timezone"),
                      zone.status().message());
    }
    logs.time_zone = std::move(zone).value();
  }
  if (const auto* v = json_member(instance, "log_output")) {
    logs.output_path = std::string(json_string(*v));
    // The check would read back what it writes, and write it again, for ever.
    for (const std::string& pattern : logs.files) {
      for (const std::string& written : {*logs.output_path, *logs.output_path + ".1"}) {
        if (::fnmatch(pattern.c_str(), written.c_str(), FNM_PATHNAME) == 0) {
          return error_at(instance_root, join_key(instance_root.prefix, "log_output"),
                          "\"" + written + "\" is matched by log_files entry \"" + pattern +
                              "\": the check would read its own output");
        }
      }
    }
  }
  if (const auto* v = json_member(instance, "log_output_max_size")) {
    logs.output_max_bytes = v->GetUint64();
  }
  return {};
}

}  // namespace kcheck::config
