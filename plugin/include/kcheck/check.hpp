// Public C++ API of the whole check, for collectors that link the core instead of loading
// the plugin through the C ABI:
//
//   find_package(kcheck 0.1 REQUIRED)
//   target_link_libraries(my_collector PRIVATE kcheck::check)
//
//   auto check = kcheck::KrakendCheck::create("{}", "openmetrics_endpoint:
//   http://gw:9090/metrics"); if (!check.ok()) return report(check.status().message()); MySink
//   sink;  // implements kcheck::Sink kcheck::Status st = check->run(sink);
#pragma once

#include <memory>
#include <string_view>

#include "kcheck/sink.hpp"
#include "kcheck/status.hpp"

namespace kcheck {

class Check;  // the internal orchestration (plugin/src/core/check.hpp)

/// One configured instance of the KrakenD check: scrape, parse, map, submit to a Sink.
/// Distinct instances are independent and may run concurrently on different threads.
class KrakendCheck {
 public:
  /// Validates init_config and one instance (YAML or JSON text, borrowed for the call),
  /// exactly as the plugin's configure does; `instance_index` only names the instance in
  /// error messages ("instances[2].timeout: ..."). Fails with kInvalidArgument.
  static Result<KrakendCheck> create(std::string_view init_config_text,
                                     std::string_view instance_text, int instance_index = 0);

  KrakendCheck(KrakendCheck&&) noexcept;
  KrakendCheck& operator=(KrakendCheck&&) noexcept;
  KrakendCheck(const KrakendCheck&) = delete;
  KrakendCheck& operator=(const KrakendCheck&) = delete;
  ~KrakendCheck();

  /// One synchronous run on the calling thread, ending with the health service check.
  /// Nothing of a payload is submitted unless all of it parsed. Never throws; returns the
  /// run's status (kCancelled when cancel() was called during the run). Not reentrant: one
  /// run at a time per instance.
  Status run(Sink& sink);

  /// Makes an in-flight run() return kCancelled promptly. Idempotent, non-blocking, safe
  /// from any thread; a run started after cancel() returns is not affected.
  void cancel() noexcept;

  /// The validated openmetrics_endpoint this instance scrapes.
  std::string_view endpoint() const noexcept;

 private:
  explicit KrakendCheck(std::unique_ptr<Check> check) noexcept;

  std::unique_ptr<Check> check_;
};

}  // namespace kcheck
