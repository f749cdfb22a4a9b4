// One scrape as the Zabbix items read it: what the core submitted, kept in memory so that every
// item of a template is answered from it for `cache_seconds` (scrape_cache.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sink.hpp"
#include "kcheck/status.hpp"

namespace kcheck::zabbix {

/// The `type` of a histogram bucket point (histogram_buckets_as_distributions), which has no
/// Datadog metric type: its bounds are tags lower_bound:/upper_bound:, as in collectd.
inline constexpr std::string_view kHistogramBucketType = "histogram_bucket";

/// One submitted sample. Every text has its NUL bytes replaced (nul_free.hpp): Zabbix handles
/// values as C strings.
struct Series {
  std::string name;
  std::string_view type;  ///< submit_type_name() or kHistogramBucketType: static storage
  double value = 0;
  std::vector<std::string> tags;
  std::string hostname;  ///< "" unless hostname_label set one
};

/// One service check (the health check, krakend.api.openmetrics.health).
struct ServiceCheck {
  std::string name;
  CheckStatus status = CheckStatus::kUnknown;
  std::string message;
  std::vector<std::string> tags;
  std::string hostname;
};

/// A scrape's outcome: the run's status and everything it submitted (nothing but the service
/// check when the scrape or the payload failed: the core submits nothing of a bad payload).
struct Snapshot {
  Status status;
  std::string endpoint;  ///< openmetrics_endpoint, for messages
  std::vector<Series> metrics;
  std::vector<ServiceCheck> service_checks;
};

/// A kcheck::Sink that records into a Snapshot. Log lines are dropped: a module has no handle
/// on the agent's log, and the run's status carries the error that matters.
class SnapshotSink final : public Sink {
 public:
  explicit SnapshotSink(Snapshot& snapshot) : snapshot_(snapshot) {}

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
  Snapshot& snapshot_;
};

}  // namespace kcheck::zabbix
