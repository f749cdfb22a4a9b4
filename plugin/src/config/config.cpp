// PLACEHOLDER until the config loader lands (issue 3).
#include "config/config.hpp"
namespace kcheck::config {
Result<InstanceConfig> load_instance(std::string_view, std::string_view, int) {
  return internal_error("config loader not implemented");
}
Result<ConfFile> split_conf_yaml(std::string_view) { return internal_error("not implemented"); }
}  // namespace kcheck::config
