// The Sink that forwards submissions to a host's C callbacks (abi/kcheck.h).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/sink.hpp"
#include "kcheck.h"

namespace kcheck {

/// Adapts Sink to kcheck_host_callbacks. One per ABI instance; not thread-safe (a run
/// submits from one thread). Allocation failures propagate as std::bad_alloc, which
/// Check::run turns into kResourceExhausted.
class HostSink final : public Sink {
 public:
  /// `callbacks` is copied; its submit callbacks must be non-null (entry checks this).
  HostSink(const kcheck_host_callbacks& callbacks, void* host_ctx) noexcept;

  void submit_metric(std::string_view name, SubmitType type, double value,
                     std::span<const std::string_view> tags, std::string_view hostname,
                     bool flush_first_value) override;
  void submit_service_check(std::string_view name, CheckStatus status,
                            std::span<const std::string_view> tags, std::string_view hostname,
                            std::string_view message) override;
  void submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                               double upper_bound, bool monotonic,
                               std::span<const std::string_view> tags, std::string_view hostname,
                               bool flush_first_value) override;
  void log(LogLevel level, std::string_view message) override;
  /// Forwards to the 1.1 submit_log callback; nothing when the host's table has none.
  void submit_log(const LogRecord& record) override;
  bool forwards_log_records() const noexcept override { return callbacks_.submit_log != nullptr; }

 private:
  /// Converts `tags` into the reusable view buffer (no allocation once it has grown).
  const kcheck_str* tag_views(std::span<const std::string_view> tags);

  kcheck_host_callbacks callbacks_;
  void* host_ctx_;
  std::vector<kcheck_str> tag_buffer_;
};

/// A kcheck_str over `s`; never null data, so that hosts may hand it to any string API.
kcheck_str to_kcheck_str(std::string_view s) noexcept;

}  // namespace kcheck
