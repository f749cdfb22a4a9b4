// The host side of the ABI: a loaded plugin (dlopen + version handshake) and RAII instances.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kcheck.h"

namespace kcheck::stub {

/// A plugin library loaded with dlopen(RTLD_NOW | RTLD_LOCAL) whose entry accepted our ABI
/// version. Unloaded (dlclose) on destruction: destroy its instances first.
class PluginHandle {
 public:
  /// Loads `path`; on failure returns null and sets `error` (dlopen/dlsym text, or the
  /// plugin's refusal of our ABI version).
  static std::unique_ptr<PluginHandle> open(const std::string& path, std::string& error);

  ~PluginHandle();
  PluginHandle(const PluginHandle&) = delete;
  PluginHandle& operator=(const PluginHandle&) = delete;

  const kcheck_plugin_api& api() const noexcept { return *api_; }
  std::string_view name() const noexcept;
  std::string_view version() const noexcept;
  /// The plugin's status_name(), tolerating a plugin that returns NULL.
  std::string status_name(kcheck_status status) const;

 private:
  PluginHandle(void* library, const kcheck_plugin_api* api) : library_(library), api_(api) {}
  void* library_;
  const kcheck_plugin_api* api_;
};

/// One plugin instance, destroyed with the object.
class InstanceHandle {
 public:
  /// create(); on failure returns null with the plugin's error text in `error`.
  static std::unique_ptr<InstanceHandle> create(const PluginHandle& plugin,
                                                const kcheck_host_callbacks& callbacks,
                                                void* host_ctx, std::string& error);
  ~InstanceHandle();
  InstanceHandle(const InstanceHandle&) = delete;
  InstanceHandle& operator=(const InstanceHandle&) = delete;

  /// configure(); the error text lands in `error`.
  kcheck_status configure(std::string_view init_config, std::string_view instance, int index,
                          std::string& error);
  /// run(); the error text lands in `error`.
  kcheck_status run(std::string& error);
  /// cancel(): safe from any thread while this object is alive.
  void cancel() const noexcept;

 private:
  InstanceHandle(const PluginHandle& plugin, kcheck_instance* instance)
      : plugin_(plugin), instance_(instance) {}
  const PluginHandle& plugin_;
  kcheck_instance* instance_;
};

}  // namespace kcheck::stub
