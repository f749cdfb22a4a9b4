#include "records.hpp"

namespace kcheck::stub {

std::string metric_type_name(kcheck_metric_type type) {
  switch (type) {
    case KCHECK_METRIC_GAUGE:
      return "gauge";
    case KCHECK_METRIC_RATE:
      return "rate";
    case KCHECK_METRIC_COUNT:
      return "count";
    case KCHECK_METRIC_MONOTONIC_COUNT:
      return "monotonic_count";
    case KCHECK_METRIC_COUNTER:
      return "counter";
    case KCHECK_METRIC_HISTOGRAM:
      return "histogram";
    case KCHECK_METRIC_HISTORATE:
      return "historate";
    default:
      return "unknown(" + std::to_string(type) + ")";
  }
}

std::string service_check_status_name(kcheck_service_check_status status) {
  switch (status) {
    case KCHECK_SERVICE_CHECK_OK:
      return "OK";
    case KCHECK_SERVICE_CHECK_WARNING:
      return "WARNING";
    case KCHECK_SERVICE_CHECK_CRITICAL:
      return "CRITICAL";
    case KCHECK_SERVICE_CHECK_UNKNOWN:
      return "UNKNOWN";
    default:
      return "status(" + std::to_string(status) + ")";
  }
}

std::string log_level_name(kcheck_log_level level) {
  switch (level) {
    case KCHECK_LOG_TRACE:
      return "trace";
    case KCHECK_LOG_DEBUG:
      return "debug";
    case KCHECK_LOG_INFO:
      return "info";
    case KCHECK_LOG_WARNING:
      return "warning";
    case KCHECK_LOG_ERROR:
      return "error";
    case KCHECK_LOG_CRITICAL:
      return "critical";
    default:
      return "level(" + std::to_string(level) + ")";
  }
}

}  // namespace kcheck::stub
