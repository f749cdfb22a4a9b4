// libFuzzer target for the config loader: arbitrary bytes as a conf.yaml, as an instance and
// as an init_config; split instances are loaded too, so valid YAML reaches the schema and
// typed conversion. Any crash, sanitizer report or escaping exception is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto conf = kcheck::config::split_conf_yaml(text);
  if (conf.ok()) {
    int index = 0;
    for (const auto& instance : conf.value().instances) {
      static_cast<void>(kcheck::config::load_instance(conf.value().init_config, instance, index++));
    }
  }
  static_cast<void>(kcheck::config::load_instance("", text, 0));
  static_cast<void>(kcheck::config::load_instance(
      text, "openmetrics_endpoint: http://127.0.0.1:9090/metrics", 0));
  return 0;
}
