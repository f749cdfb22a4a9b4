// The only extern "C" code of krakend.so, the collectd plugin: module_register, the config
// callback of `<Plugin krakend>` and one complex read callback per `<Instance>`.
// Nothing may escape to the daemon: a C++ exception here would terminate collectd.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "collectd_api.hpp"
#include "collectd_sink.hpp"
#include "config_tree.hpp"
#include "instance_state.hpp"

namespace kcheck::collectd {

namespace {

constexpr char kLogPrefix[] = "krakend plugin";
constexpr char kReadGroup[] = "krakend";

ConfigItem copy_tree(const oconfig_item_t& item) {
  ConfigItem out;
  out.key = item.key != nullptr ? item.key : "";
  for (int i = 0; i < item.values_num; ++i) {
    const oconfig_value_t& value = item.values[i];
    switch (value.type) {
      case OCONFIG_TYPE_STRING:
        out.values.emplace_back(
            std::string(value.value.string != nullptr ? value.value.string : ""));
        break;
      case OCONFIG_TYPE_NUMBER:
        out.values.emplace_back(value.value.number);
        break;
      case OCONFIG_TYPE_BOOLEAN:
        out.values.emplace_back(value.value.boolean != 0);
        break;
      default:
        break;
    }
  }
  for (int i = 0; i < item.children_num; ++i) out.children.push_back(copy_tree(item.children[i]));
  return out;
}

// plugin_instance is part of file names and identifiers (host/plugin-instance/type-instance):
// refuse what would be rewritten or split rather than silently change it.
bool valid_instance_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

void free_instance(void* data) noexcept {
  delete static_cast<InstanceState*>(data);
}

int read_instance(user_data_t* user_data) noexcept {
  auto* state = user_data != nullptr ? static_cast<InstanceState*>(user_data->data) : nullptr;
  if (state == nullptr) return -1;
  try {
    std::lock_guard<std::mutex> serial(state->run_mutex);
    CollectdSink sink(*state);
    const Status status = state->check->run(sink);
    sink.end_read();  // what the read skipped or did not notify, one warning each
    if (!status.ok()) {
      plugin_log(LOG_ERR, "%s: instance \"%s\": %s", kLogPrefix, state->name.c_str(),
                 status.message().c_str());
    }
    // A failed scrape is reported (this log line, the health gauge and its notification) and
    // is not returned to collectd: the daemon would back off exponentially (up to
    // MaxReadInterval, a day by default) and notice a recovered KrakenD only much later.
    return 0;
  } catch (const std::exception& e) {
    plugin_log(LOG_ERR, "%s: instance \"%s\": internal error: %s", kLogPrefix, state->name.c_str(),
               e.what());
  } catch (...) {
    plugin_log(LOG_ERR, "%s: instance \"%s\": internal error", kLogPrefix, state->name.c_str());
  }
  return -1;
}

// Registers one instance; false (logged) when its configuration is rejected.
bool register_instance(const PluginConfig& config, const InstanceBlock& block, int index) {
  if (!valid_instance_name(block.name)) {
    plugin_log(LOG_ERR,
               "%s: Instance \"%s\": the name must be 1 to %zu characters from "
               "[A-Za-z0-9_.-]",
               kLogPrefix, block.name.c_str(), kMaxNameBytes);
    return false;
  }
  auto check = Check::create(config.init_config_json, block.instance_json, index);
  if (!check.ok()) {
    plugin_log(LOG_ERR, "%s: instance \"%s\": %s", kLogPrefix, block.name.c_str(),
               check.status().message().c_str());
    return false;
  }
  auto state = std::make_unique<InstanceState>();
  state->name = block.name;
  state->check = std::move(check).value();
  state->instance_tags = constant_tags(state->check->config());
  state->series_map_log = config.series_map_log;

  // 0: collectd's global Interval. cdtime_t counts 2^-30 s.
  const cdtime_t interval =
      block.interval_seconds ? static_cast<cdtime_t>(*block.interval_seconds * 1073741824.0) : 0;
  const std::string callback_name = std::string(kReadGroup) + "/" + block.name;
  user_data_t user_data{};
  user_data.data = state.get();
  user_data.free_func = free_instance;
  if (plugin_register_complex_read(kReadGroup, callback_name.c_str(), read_instance, interval,
                                   &user_data) != 0) {
    // On failure the daemon does not take ownership: `state` is freed here.
    plugin_log(LOG_ERR, "%s: instance \"%s\": registering the read callback failed", kLogPrefix,
               block.name.c_str());
    return false;
  }
  static_cast<void>(state.release());  // owned by the daemon, freed through free_instance
  return true;
}

// A rejected instance is logged and skipped; the daemon and the other instances keep running,
// unless `StrictConfig true` asks for collectd's usual "refuse to start" (and a failing
// `collectd -t`).
int configure(oconfig_item_t* block) noexcept {
  try {
    if (block == nullptr) return -1;
    const ConfigItem tree = copy_tree(*block);
    const int failed = strict_config_requested(tree) ? -1 : 0;
    auto config = translate_plugin_block(tree);
    if (!config.ok()) {
      plugin_log(LOG_ERR, "%s: %s", kLogPrefix, config.status().message().c_str());
      return failed;
    }
    if (config->instances.empty()) {
      plugin_log(LOG_WARNING, "%s: no <Instance> block: nothing to read", kLogPrefix);
    }
    int failures = 0;
    int index = 0;
    for (const InstanceBlock& instance : config->instances) {
      if (!register_instance(*config, instance, index++)) ++failures;
    }
    return failures == 0 ? 0 : failed;
  } catch (const std::exception& e) {
    plugin_log(LOG_ERR, "%s: internal error while configuring: %s", kLogPrefix, e.what());
  } catch (...) {
    plugin_log(LOG_ERR, "%s: internal error while configuring", kLogPrefix);
  }
  return -1;
}

}  // namespace
}  // namespace kcheck::collectd

extern "C" __attribute__((visibility("default"))) void module_register(void) noexcept {
  // The callback's C++ function type is the C one (GCC and clang do not distinguish language
  // linkage in function types).
  plugin_register_complex_config("krakend", kcheck::collectd::configure);
}
