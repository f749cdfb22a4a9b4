#include "plugin_fixture.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kcheck::abitest {

namespace {

Collected& of(void* ctx) {
  return *static_cast<Collected*>(ctx);
}

std::string text(kcheck_str s) {
  return s.size == 0 ? std::string() : std::string(s.data, s.size);
}

// Host callbacks are called through C frames: nothing may escape them.
void on_metric(void* ctx, const kcheck_metric* m) {
  try {
    of(ctx).metric_names.push_back(text(m->name));
  } catch (...) {
  }
}
void on_service_check(void* ctx, const kcheck_service_check* sc) {
  try {
    of(ctx).service_check_statuses.push_back(sc->status);
    of(ctx).service_check_messages.push_back(text(sc->message));
  } catch (...) {
  }
}
void on_bucket(void* ctx, const kcheck_histogram_bucket*) {
  ++of(ctx).buckets;
}
void on_log(void* ctx, kcheck_log_level, kcheck_str message) {
  try {
    of(ctx).logs.push_back(text(message));
  } catch (...) {
  }
}

void on_log_record(void* ctx, const kcheck_log_record* r) {
  try {
    of(ctx).log_records.push_back(text(r->json));
    of(ctx).log_statuses.push_back(r->status);
    of(ctx).log_timestamps.push_back(r->timestamp_ms);
  } catch (...) {
  }
}

constexpr kcheck_host_callbacks kCallbacks = {
    .struct_size = sizeof(kcheck_host_callbacks),
    .submit_metric = on_metric,
    .submit_service_check = on_service_check,
    .submit_histogram_bucket = on_bucket,
    .log = on_log,
    .submit_log = on_log_record,
};

}  // namespace

kcheck_plugin_entry_fn entry() {
  static const kcheck_plugin_entry_fn fn = [] {
    void* lib = ::dlopen(KCHECK_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      std::fprintf(stderr, "cannot load %s: %s\n", KCHECK_PLUGIN_PATH, ::dlerror());
      std::abort();
    }
    void* sym = ::dlsym(lib, KCHECK_PLUGIN_ENTRY_SYMBOL);
    if (sym == nullptr) std::abort();
    kcheck_plugin_entry_fn f = nullptr;
    std::memcpy(&f, &sym, sizeof(f));
    return f;
  }();
  return fn;
}

const kcheck_plugin_api& api() {
  static const kcheck_plugin_api* table = [] {
    std::array<char, KCHECK_ERROR_SIZE> error{};
    const kcheck_plugin_api* t =
        entry()(KCHECK_ABI_VERSION_MAJOR, KCHECK_ABI_VERSION_MINOR, error.data(), error.size());
    if (t == nullptr) {
      std::fprintf(stderr, "plugin refused the handshake: %s\n", error.data());
      std::abort();
    }
    return t;
  }();
  return *table;
}

const kcheck_host_callbacks& collecting_callbacks() {
  return kCallbacks;
}

Instance::Instance(Collected* sink) : sink_(sink ? sink : &own_) {
  std::array<char, KCHECK_ERROR_SIZE> error{};
  if (api().create(&kCallbacks, sink_, &handle_, error.data(), error.size()) != KCHECK_STATUS_OK) {
    std::fprintf(stderr, "create failed: %s\n", error.data());
    std::abort();
  }
}

Instance::~Instance() {
  api().destroy(handle_);
}

kcheck_status Instance::configure(std::string_view instance, std::string_view init_config,
                                  std::string* error) {
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.init_config = str(init_config);
  config.instance = str(instance);
  std::array<char, KCHECK_ERROR_SIZE> buf{};
  const kcheck_status st = api().configure(handle_, &config, buf.data(), buf.size());
  if (error) *error = buf.data();
  return st;
}

kcheck_status Instance::run(std::string* error) {
  std::array<char, KCHECK_ERROR_SIZE> buf{};
  const kcheck_status st = api().run(handle_, buf.data(), buf.size());
  if (error) *error = buf.data();
  return st;
}

kcheck_status Instance::cancel() const {
  return api().cancel(handle_);
}

std::string endpoint_conf(const std::string& url, std::string_view extra_members) {
  std::string conf = R"({"openmetrics_endpoint": ")" + url + "\"";
  if (!extra_members.empty()) {
    conf += ", ";
    conf += extra_members;
  }
  conf += "}";
  return conf;
}

}  // namespace kcheck::abitest
