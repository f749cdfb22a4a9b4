// What the host-stub keeps of each callback: owned copies of the plugin's borrowed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kcheck.h"

namespace kcheck::stub {

struct MetricRecord {
  kcheck_metric_type type = KCHECK_METRIC_GAUGE;
  std::string name;
  double value = 0;
  std::vector<std::string> tags;
  std::string hostname;
  bool flush_first_value = false;
};

struct ServiceCheckRecord {
  kcheck_service_check_status status = KCHECK_SERVICE_CHECK_OK;
  std::string name;
  std::vector<std::string> tags;
  std::string hostname;
  std::string message;
};

struct BucketRecord {
  std::string name;
  std::int64_t value = 0;
  double lower_bound = 0;
  double upper_bound = 0;
  bool monotonic = false;
  std::vector<std::string> tags;
  std::string hostname;
  bool flush_first_value = false;
};

/// A KrakenD log record (ABI 1.1 submit_log).
struct LogRecordCopy {
  kcheck_log_status status = KCHECK_LOG_STATUS_INFO;
  std::int64_t timestamp_ms = 0;
  std::string json;  ///< one JSON object, as the plugin wrote it
  std::string message;
};

using Submission = std::variant<MetricRecord, ServiceCheckRecord, BucketRecord, LogRecordCopy>;

/// The end of one run of one instance (the run_end line).
struct RunEnd {
  int instance = 0;  ///< 0-based position in instances[] (as config errors name it)
  int run = 0;       ///< 1-based run number
  kcheck_status status = KCHECK_STATUS_OK;
  std::string status_name;  ///< from the plugin's status_name()
  std::string error;        ///< empty when ok
  double duration_ms = 0;   ///< the plugin's run() call alone
  std::size_t submissions = 0;
};

/// Datadog's name of a metric type ("gauge", "monotonic_count", ...); "unknown(N)" otherwise.
std::string metric_type_name(kcheck_metric_type type);

/// "OK", "WARNING", "CRITICAL", "UNKNOWN" (the Agent's spelling); "status(N)" otherwise.
std::string service_check_status_name(kcheck_service_check_status status);

/// "trace", "debug", "info", "warning", "error", "critical"; "level(N)" otherwise.
std::string log_level_name(kcheck_log_level level);

/// Copies a borrowed view (NULL data with size 0 is the empty string).
inline std::string to_string(kcheck_str s) {
  return s.size == 0 ? std::string() : std::string(s.data, s.size);
}

}  // namespace kcheck::stub
