// Where the check's output goes: the emit end of entry -> config -> http -> parse -> map -> emit.
// entry.cpp adapts it to the host's C callbacks; tests and benchmarks implement it directly.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace kcheck {

/// Datadog metric types, numbered as the Agent numbers them.
enum class SubmitType : int {
  kGauge = 0,
  kRate = 1,
  kCount = 2,
  kMonotonicCount = 3,
  kCounter = 4,
  kHistogram = 5,
  kHistorate = 6,
};

/// Service check statuses, numbered as the Agent numbers them.
enum class CheckStatus : int { kOk = 0, kWarning = 1, kCritical = 2, kUnknown = 3 };

/// Log levels, numbered as the Agent numbers them.
enum class LogLevel : int {
  kTrace = 7,
  kDebug = 10,
  kInfo = 20,
  kWarning = 30,
  kError = 40,
  kCritical = 50
};

/// Receives submissions. Every argument is borrowed for the duration of the call only.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void submit_metric(std::string_view name, SubmitType type, double value,
                             std::span<const std::string_view> tags, std::string_view hostname,
                             bool flush_first_value) = 0;
  virtual void submit_service_check(std::string_view name, CheckStatus status,
                                    std::span<const std::string_view> tags,
                                    std::string_view hostname, std::string_view message) = 0;
  virtual void submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                                       double upper_bound, bool monotonic,
                                       std::span<const std::string_view> tags,
                                       std::string_view hostname, bool flush_first_value) = 0;
  virtual void log(LogLevel level, std::string_view message) = 0;
};

}  // namespace kcheck
