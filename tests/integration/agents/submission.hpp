// One submission as an agent sees it, recorded either from the Datadog callbacks or from the
// core through a plain kcheck::Sink, so that the two can be compared field by field.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sink.hpp"

namespace kcheck::test {

struct Submission {
  enum class Kind { kMetric, kServiceCheck, kBucket, kLog };
  Kind kind = Kind::kMetric;
  std::string name;       ///< metric or service check name; the message for kLog
  int type = 0;           ///< metric type, service check status, or log level
  double value = 0;       ///< metric value
  long long count = 0;    ///< bucket value
  float lower_bound = 0;  ///< the Agent's callback takes float bounds
  float upper_bound = 0;
  int monotonic = 0;
  std::vector<std::string> tags;
  std::string hostname;
  std::string message;
  bool flush_first_value = false;

  bool operator==(const Submission&) const = default;
};

/// Readable form for failure messages.
std::string to_string(const Submission& s);
std::string to_string(const std::vector<Submission>& list);

/// The reference: the core's submissions through a plain Sink, converted the way the Agent's
/// callbacks would receive them (bounds as float, value as long long).
class RecordingSink final : public Sink {
 public:
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

  /// Submissions other than log lines, in order.
  std::vector<Submission> submissions;
  /// Log lines, in order.
  std::vector<Submission> logs;
};

}  // namespace kcheck::test
