// kcheck::Sink -> the Agent's aggregator callbacks (one sink per Run, on the Run's thread).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent_abi.h"
#include "core/sink.hpp"

namespace kcheck::datadog {

/// Forwards submissions to a dd_aggregator_t. The core hands out string_views that are not
/// NUL-terminated, so every string is copied, each NUL byte in it replaced by U+FFFD
/// (nul_free.hpp), into buffers this sink reuses between calls. One sink per Run: its buffers
/// are freed when the Run returns, so one large payload leaves nothing behind.
class AggregatorSink final : public Sink {
 public:
  /// `check_id` is passed back unchanged. The log slot is read only when `use_log_callback`:
  /// older Agents pass a table of five slots.
  AggregatorSink(const dd_aggregator_t& aggregator, char* check_id, bool use_log_callback);

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

 private:
  char** c_tags(std::span<const std::string_view> tags);

  const dd_aggregator_t& aggregator_;
  char* check_id_;
  bool use_log_callback_;
  std::string name_;
  std::string hostname_;
  std::string message_;
  std::string tag_bytes_;            // every tag followed by its NUL
  std::vector<char*> tag_pointers_;  // into tag_bytes_, then a NULL
};

}  // namespace kcheck::datadog
