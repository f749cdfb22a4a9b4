#include "plugin_handle.hpp"

#include <dlfcn.h>

#include <array>
#include <cstring>

namespace kcheck::stub {

namespace {
std::string_view view(kcheck_str s) {
  return s.size == 0 ? std::string_view() : std::string_view(s.data, s.size);
}
kcheck_str to_str(std::string_view s) {
  return kcheck_str{s.data(), s.size()};
}
}  // namespace

std::unique_ptr<PluginHandle> PluginHandle::open(const std::string& path, std::string& error) {
  void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();
    error = why ? why : ("cannot load " + path);
    return nullptr;
  }
  void* sym = ::dlsym(lib, KCHECK_PLUGIN_ENTRY_SYMBOL);
  if (sym == nullptr) {
    error = path + ": no " KCHECK_PLUGIN_ENTRY_SYMBOL " symbol: not a kcheck plugin";
    ::dlclose(lib);
    return nullptr;
  }
  kcheck_plugin_entry_fn entry = nullptr;
  std::memcpy(&entry, &sym, sizeof(entry));  // object -> function pointer, as POSIX allows
  std::array<char, KCHECK_ERROR_SIZE> buf{};
  const kcheck_plugin_api* api =
      entry(KCHECK_ABI_VERSION_MAJOR, KCHECK_ABI_VERSION_MINOR, buf.data(), buf.size());
  if (api == nullptr) {
    error = path + ": " + buf.data();
    ::dlclose(lib);
    return nullptr;
  }
  if (api->struct_size < sizeof(kcheck_plugin_api)) {
    error = path + ": plugin table too small (" + std::to_string(api->struct_size) + " bytes)";
    ::dlclose(lib);
    return nullptr;
  }
  return std::unique_ptr<PluginHandle>(new PluginHandle(lib, api));
}

PluginHandle::~PluginHandle() {
  ::dlclose(library_);
}

std::string_view PluginHandle::name() const noexcept {
  return view(api_->plugin_name);
}
std::string_view PluginHandle::version() const noexcept {
  return view(api_->plugin_version);
}

std::string PluginHandle::status_name(kcheck_status status) const {
  const char* name = api_->status_name(status);
  return name ? name : "status " + std::to_string(status);
}

std::unique_ptr<InstanceHandle> InstanceHandle::create(const PluginHandle& plugin,
                                                       const kcheck_host_callbacks& callbacks,
                                                       void* host_ctx, std::string& error) {
  std::array<char, KCHECK_ERROR_SIZE> buf{};
  kcheck_instance* instance = nullptr;
  const kcheck_status st =
      plugin.api().create(&callbacks, host_ctx, &instance, buf.data(), buf.size());
  if (st != KCHECK_STATUS_OK || instance == nullptr) {
    error = plugin.status_name(st) + ": " + buf.data();
    return nullptr;
  }
  return std::unique_ptr<InstanceHandle>(new InstanceHandle(plugin, instance));
}

InstanceHandle::~InstanceHandle() {
  plugin_.api().destroy(instance_);
}

kcheck_status InstanceHandle::configure(std::string_view init_config, std::string_view instance,
                                        int index, std::string& error) {
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.instance_index = index;
  config.init_config = to_str(init_config);
  config.instance = to_str(instance);
  std::array<char, KCHECK_ERROR_SIZE> buf{};
  const kcheck_status st = plugin_.api().configure(instance_, &config, buf.data(), buf.size());
  error = buf.data();
  return st;
}

kcheck_status InstanceHandle::run(std::string& error) {
  std::array<char, KCHECK_ERROR_SIZE> buf{};
  const kcheck_status st = plugin_.api().run(instance_, buf.data(), buf.size());
  error = buf.data();
  return st;
}

void InstanceHandle::cancel() const noexcept {
  plugin_.api().cancel(instance_);
}

}  // namespace kcheck::stub
