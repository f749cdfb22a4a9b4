// The plugin's C ABI (abi/kcheck.h) over kcheck::Check: the only file with extern "C".
//
// Every function of the table is noexcept and runs its body under one catch-all guard, so
// neither a C++ exception nor std::terminate ever reaches the host. Everything the host
// passes is checked (NULL, struct_size, foreign handles, absurd sizes) before it is used.
// The only state is per instance; the table itself is a constant.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "core/check.hpp"
#include "core/error_buffer.hpp"
#include "core/host_sink.hpp"
#include "http/client.hpp"
#include "kcheck.h"
#include "kcheck/status.hpp"

#ifndef KCHECK_PLUGIN_VERSION
#define KCHECK_PLUGIN_VERSION "0.0.0"
#endif

// One instance of the check as the host sees it. Defined at global scope because the
// header declares `struct kcheck_instance` there.
struct kcheck_instance {
  enum State : int { kIdle = 0, kBusy = 1 };

  kcheck_instance(const kcheck_host_callbacks& callbacks, void* host_ctx) noexcept
      : sink(callbacks, host_ctx) {}

  /// Tells our handles from anything else a host might pass (and from destroyed ones,
  /// as long as the memory was not reused): checked before every use.
  static constexpr std::uint64_t kMagic = 0x6b636865636b3031;  // "kcheck01"
  std::uint64_t magic = kMagic;
  kcheck::HostSink sink;
  std::unique_ptr<kcheck::Check> check;  // null until the first successful configure
  /// Outlives every Check a reconfiguration swaps in, so cancel() never races the swap.
  kcheck::CancelToken cancel;
  /// kBusy while run/configure/destroy owns the instance: concurrent calls get BUSY.
  std::atomic<int> state{kIdle};
};

namespace {

// The core's codes are the ABI's first codes; a cast between them is only right while
// these hold.
static_assert(static_cast<int>(kcheck::StatusCode::kOk) == KCHECK_STATUS_OK);
static_assert(static_cast<int>(kcheck::StatusCode::kInvalidArgument) ==
              KCHECK_STATUS_INVALID_ARGUMENT);
static_assert(static_cast<int>(kcheck::StatusCode::kUnavailable) == KCHECK_STATUS_UNAVAILABLE);
static_assert(static_cast<int>(kcheck::StatusCode::kDeadlineExceeded) ==
              KCHECK_STATUS_DEADLINE_EXCEEDED);
static_assert(static_cast<int>(kcheck::StatusCode::kCancelled) == KCHECK_STATUS_CANCELLED);
static_assert(static_cast<int>(kcheck::StatusCode::kResourceExhausted) ==
              KCHECK_STATUS_RESOURCE_EXHAUSTED);
static_assert(static_cast<int>(kcheck::StatusCode::kDataLoss) == KCHECK_STATUS_DATA_LOSS);
static_assert(static_cast<int>(kcheck::StatusCode::kInternal) == KCHECK_STATUS_INTERNAL);

/// Config texts larger than this are refused before parsing: a real conf is a few KB, and
/// a garbage size must not turn into a multi-gigabyte copy.
constexpr std::size_t kMaxConfigTextBytes = std::size_t{16} << 20;

/// The smallest struct_size each host-provided struct may have (its 1.0 layout).
constexpr std::size_t kMinCallbacksSize = offsetof(kcheck_host_callbacks, submit_log);
constexpr std::size_t kMinConfigSize = sizeof(kcheck_config);

kcheck_status fail(char* error, std::size_t error_size, kcheck_status status,
                   std::string_view text) noexcept {
  kcheck::write_error_text(error, error_size, text);
  return status;
}

kcheck_status succeed(char* error, std::size_t error_size) noexcept {
  kcheck::write_error_text(error, error_size, "");
  return KCHECK_STATUS_OK;
}

kcheck_status from_status(const kcheck::Status& st, char* error, std::size_t error_size) noexcept {
  if (st.ok()) return succeed(error, error_size);
  return fail(error, error_size, static_cast<kcheck_status>(st.code()), st.message());
}

/// Runs `body` so that nothing escapes: the one catch-all guard of every ABI function.
template <typename Body>
kcheck_status guarded(char* error, std::size_t error_size, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(error, error_size, KCHECK_STATUS_RESOURCE_EXHAUSTED, "out of memory");
  } catch (const std::exception& e) {
    kcheck::write_error_text(error, error_size, e.what());
    return KCHECK_STATUS_INTERNAL;
  } catch (...) {
    return fail(error, error_size, KCHECK_STATUS_INTERNAL, "unexpected exception");
  }
}

bool is_our_instance(const kcheck_instance* instance) noexcept {
  return instance != nullptr && instance->magic == kcheck_instance::kMagic;
}

/// Holds the instance's busy flag for one call; `acquired()` is false when another call
/// already holds it.
class BusyGuard {
 public:
  explicit BusyGuard(kcheck_instance& instance) noexcept : instance_(instance) {
    int expected = kcheck_instance::kIdle;
    acquired_ = instance_.state.compare_exchange_strong(expected, kcheck_instance::kBusy,
                                                        std::memory_order_acq_rel);
  }
  ~BusyGuard() {
    if (acquired_) instance_.state.store(kcheck_instance::kIdle, std::memory_order_release);
  }
  BusyGuard(const BusyGuard&) = delete;
  BusyGuard& operator=(const BusyGuard&) = delete;

  bool acquired() const noexcept { return acquired_; }

 private:
  kcheck_instance& instance_;
  bool acquired_ = false;
};

/// Checks one config text view; returns an empty string when it is usable.
std::string check_text(const char* what, const kcheck_str& text) {
  if (text.data == nullptr && text.size != 0) {
    return std::string("configure: config->") + what + " has NULL data and size " +
           std::to_string(text.size);
  }
  if (text.size > kMaxConfigTextBytes) {
    return std::string("configure: config->") + what + " is " + std::to_string(text.size) +
           " bytes; the limit is " + std::to_string(kMaxConfigTextBytes);
  }
  return {};
}

std::string_view view_of(const kcheck_str& text) noexcept {
  return text.size == 0 ? std::string_view() : std::string_view(text.data, text.size);
}

kcheck_status api_create(const kcheck_host_callbacks* callbacks, void* host_ctx,
                         kcheck_instance** out_instance, char* error,
                         std::size_t error_size) noexcept {
  return guarded(error, error_size, [&]() -> kcheck_status {
    if (out_instance == nullptr) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
                  "create: out_instance is NULL");
    }
    *out_instance = nullptr;
    if (callbacks == nullptr) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT, "create: callbacks is NULL");
    }
    if (callbacks->struct_size < kMinCallbacksSize) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
                  "create: callbacks->struct_size is " + std::to_string(callbacks->struct_size) +
                      ", smaller than the 1.0 layout (" + std::to_string(kMinCallbacksSize) +
                      " bytes)");
    }
    // Copy only what both sides know: a newer host's table is larger than ours.
    kcheck_host_callbacks copy{};
    std::memcpy(&copy, callbacks, std::min<std::size_t>(callbacks->struct_size, sizeof(copy)));
    // A size that ends inside a field does not have it: no half-copied pointer is ever called.
    if (!KCHECK_HAS_FIELD(callbacks, kcheck_host_callbacks, submit_log)) copy.submit_log = nullptr;
    copy.struct_size = sizeof(copy);
    const char* missing = copy.submit_metric == nullptr             ? "submit_metric"
                          : copy.submit_service_check == nullptr    ? "submit_service_check"
                          : copy.submit_histogram_bucket == nullptr ? "submit_histogram_bucket"
                                                                    : nullptr;
    if (missing != nullptr) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
                  std::string("create: callbacks->") + missing + " is NULL (it is required)");
    }
    *out_instance = new kcheck_instance(copy, host_ctx);
    return succeed(error, error_size);
  });
}

kcheck_status api_configure(kcheck_instance* instance, const kcheck_config* config, char* error,
                            std::size_t error_size) noexcept {
  return guarded(error, error_size, [&]() -> kcheck_status {
    if (!is_our_instance(instance)) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
                  instance == nullptr ? "configure: instance is NULL"
                                      : "configure: not an instance of this plugin");
    }
    if (config == nullptr) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT, "configure: config is NULL");
    }
    if (config->struct_size < kMinConfigSize) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
                  "configure: config->struct_size is " + std::to_string(config->struct_size) +
                      ", smaller than the 1.0 layout (" + std::to_string(kMinConfigSize) +
                      " bytes)");
    }
    for (auto [what, text] :
         {std::pair{"init_config", config->init_config}, std::pair{"instance", config->instance}}) {
      std::string problem = check_text(what, text);
      if (!problem.empty()) {
        return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT, problem);
      }
    }
    BusyGuard busy(*instance);
    if (!busy.acquired()) {
      return fail(error, error_size, KCHECK_STATUS_BUSY,
                  "configure: a run is in progress on this instance; configure it between runs");
    }
    auto check = kcheck::Check::create(view_of(config->init_config), view_of(config->instance),
                                       config->instance_index);
    if (!check.ok()) return from_status(check.status(), error, error_size);
    instance->check = std::move(check).value();
    return succeed(error, error_size);
  });
}

kcheck_status api_run(kcheck_instance* instance, char* error, std::size_t error_size) noexcept {
  return guarded(error, error_size, [&]() -> kcheck_status {
    if (!is_our_instance(instance)) {
      return fail(
          error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
          instance == nullptr ? "run: instance is NULL" : "run: not an instance of this plugin");
    }
    BusyGuard busy(*instance);
    if (!busy.acquired()) {
      return fail(error, error_size, KCHECK_STATUS_BUSY,
                  "run: another run or a configure is in progress on this instance");
    }
    if (!instance->check) {
      return fail(error, error_size, KCHECK_STATUS_FAILED_PRECONDITION,
                  "run: the instance is not configured; call configure() first");
    }
    // Reset only once this call owns the instance: a cancel() for a concurrent run that
    // got BUSY above must not be lost, and one from before this run must not leak into it.
    instance->cancel.reset();
    return from_status(instance->check->run(instance->sink, instance->cancel), error, error_size);
  });
}

kcheck_status api_cancel(kcheck_instance* instance) noexcept {
  if (!is_our_instance(instance)) return KCHECK_STATUS_INVALID_ARGUMENT;
  instance->cancel.cancel();
  return KCHECK_STATUS_OK;
}

kcheck_status api_destroy(kcheck_instance* instance) noexcept {
  if (!is_our_instance(instance)) return KCHECK_STATUS_INVALID_ARGUMENT;
  int expected = kcheck_instance::kIdle;
  if (!instance->state.compare_exchange_strong(expected, kcheck_instance::kBusy,
                                               std::memory_order_acq_rel)) {
    return KCHECK_STATUS_BUSY;
  }
  instance->magic = 0;
  // Destructors of the layers do not throw (they release sockets and buffers); the
  // function is noexcept, so a throwing one would terminate here rather than in the host.
  delete instance;
  return KCHECK_STATUS_OK;
}

const char* api_status_name(kcheck_status status) noexcept {
  switch (status) {
    case KCHECK_STATUS_OK:
      return "ok";
    case KCHECK_STATUS_INVALID_ARGUMENT:
      return "invalid_argument";
    case KCHECK_STATUS_UNAVAILABLE:
      return "unavailable";
    case KCHECK_STATUS_DEADLINE_EXCEEDED:
      return "deadline_exceeded";
    case KCHECK_STATUS_CANCELLED:
      return "cancelled";
    case KCHECK_STATUS_RESOURCE_EXHAUSTED:
      return "resource_exhausted";
    case KCHECK_STATUS_DATA_LOSS:
      return "data_loss";
    case KCHECK_STATUS_INTERNAL:
      return "internal";
    case KCHECK_STATUS_FAILED_PRECONDITION:
      return "failed_precondition";
    case KCHECK_STATUS_BUSY:
      return "busy";
    default:
      return "unknown";
  }
}

constexpr std::string_view kPluginName = "krakend_check";
constexpr std::string_view kPluginVersion = KCHECK_PLUGIN_VERSION;

constexpr kcheck_plugin_api kApi = {
    .struct_size = sizeof(kcheck_plugin_api),
    .abi_major = KCHECK_ABI_VERSION_MAJOR,
    .abi_minor = KCHECK_ABI_VERSION_MINOR,
    .plugin_name = {kPluginName.data(), kPluginName.size()},
    .plugin_version = {kPluginVersion.data(), kPluginVersion.size()},
    .create = api_create,
    .configure = api_configure,
    .run = api_run,
    .cancel = api_cancel,
    .destroy = api_destroy,
    .status_name = api_status_name,
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const kcheck_plugin_api* kcheck_plugin_entry(
    std::uint32_t host_abi_major, std::uint32_t host_abi_minor, char* error,
    std::size_t error_size) noexcept {
  const kcheck_status st = guarded(error, error_size, [&]() -> kcheck_status {
    if (host_abi_major != KCHECK_ABI_VERSION_MAJOR) {
      return fail(error, error_size, KCHECK_STATUS_INVALID_ARGUMENT,
                  "unsupported kcheck ABI major version " + std::to_string(host_abi_major) +
                      " (host built against " + std::to_string(host_abi_major) + "." +
                      std::to_string(host_abi_minor) + "); this plugin implements kcheck ABI " +
                      std::to_string(KCHECK_ABI_VERSION_MAJOR) + "." +
                      std::to_string(KCHECK_ABI_VERSION_MINOR));
    }
    return succeed(error, error_size);
  });
  return st == KCHECK_STATUS_OK ? &kApi : nullptr;
}
