// Where a check's output goes: the emit end of config -> http -> parse -> map -> emit.
// A collector implements Sink; the plugin's entry adapts it to the host's C callbacks.
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

/// Status of a KrakenD log record, Datadog's status names, lowest first.
enum class LogStatus : int {
  kDebug = 0,
  kInfo = 1,
  kNotice = 2,
  kWarning = 3,
  kError = 4,
  kCritical = 5
};

/// One KrakenD log record read from the instance's `log_files`. Every view is borrowed for the
/// duration of Sink::submit_log only: copy what you keep. Absent fields are empty (0 for
/// http_status).
struct LogRecord {
  std::int64_t timestamp_ms = 0;  ///< UTC, milliseconds since the Unix epoch
  LogStatus status = LogStatus::kInfo;
  /// The whole record as one JSON object (no newline) with Datadog's standard attribute
  /// names, nested for the dotted ones (docs/logs.md): what a log pipeline stores.
  std::string_view json;
  std::string_view message;
  std::string_view logger;           ///< `logger.name`: krakend, gin or runtime
  std::string_view format;           ///< `krakend.format`: basic, gin, panic, unparsed...
  std::string_view component;        ///< e.g. ENDPOINT, BACKEND, SERVICE, CB, PLUGIN
  std::string_view component_value;  ///< e.g. the endpoint path of `[ENDPOINT: /users]`
  int http_status = 0;               ///< access lines only
  std::string_view http_method;
  std::string_view http_url;
  std::string_view error_message;  ///< `error.message`
  std::string_view error_kind;     ///< timeout, canceled, invalid_status, circuit_open, other
};

/// Lowercase name of a log record's status ("debug", "info", "notice", "warning", "error",
/// "critical").
constexpr std::string_view log_status_name(LogStatus status) noexcept {
  switch (status) {
    case LogStatus::kDebug:
      return "debug";
    case LogStatus::kInfo:
      return "info";
    case LogStatus::kNotice:
      return "notice";
    case LogStatus::kWarning:
      return "warning";
    case LogStatus::kError:
      return "error";
    case LogStatus::kCritical:
      return "critical";
  }
  return "info";
}

/// Stable lowercase name of a metric type ("gauge", "monotonic_count", ...).
constexpr std::string_view submit_type_name(SubmitType type) noexcept {
  switch (type) {
    case SubmitType::kGauge:
      return "gauge";
    case SubmitType::kRate:
      return "rate";
    case SubmitType::kCount:
      return "count";
    case SubmitType::kMonotonicCount:
      return "monotonic_count";
    case SubmitType::kCounter:
      return "counter";
    case SubmitType::kHistogram:
      return "histogram";
    case SubmitType::kHistorate:
      return "historate";
  }
  return "unknown";
}

/// Agent spelling of a service check status ("OK", "WARNING", "CRITICAL", "UNKNOWN").
constexpr std::string_view check_status_name(CheckStatus status) noexcept {
  switch (status) {
    case CheckStatus::kOk:
      return "OK";
    case CheckStatus::kWarning:
      return "WARNING";
    case CheckStatus::kCritical:
      return "CRITICAL";
    case CheckStatus::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

/// Lowercase name of a log level ("trace", "debug", "info", "warning", "error", "critical").
constexpr std::string_view log_level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
    case LogLevel::kCritical:
      return "critical";
  }
  return "unknown";
}

/// Receives a run's submissions, on the thread that called run(). Every argument is
/// borrowed for the duration of the call only: copy what you keep. A sink may throw; the
/// run then stops and reports kInternal (or kResourceExhausted for std::bad_alloc).
class Sink {
 public:
  virtual ~Sink() = default;
  /// One sample; `flush_first_value` is the Agent's flag for counters seen for the first time.
  virtual void submit_metric(std::string_view name, SubmitType type, double value,
                             std::span<const std::string_view> tags, std::string_view hostname,
                             bool flush_first_value) = 0;
  /// The health check (`<namespace>.openmetrics.health`); `message` is empty when OK.
  virtual void submit_service_check(std::string_view name, CheckStatus status,
                                    std::span<const std::string_view> tags,
                                    std::string_view hostname, std::string_view message) = 0;
  /// One histogram bucket (lower_bound, upper_bound] with its count.
  virtual void submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                                       double upper_bound, bool monotonic,
                                       std::span<const std::string_view> tags,
                                       std::string_view hostname, bool flush_first_value) = 0;
  /// A diagnostic line of the check (scrape timing, ignored connection errors, ...).
  virtual void log(LogLevel level, std::string_view message) = 0;
  /// One KrakenD log record, in file order, before the run's metrics. Only instances with
  /// `log_files` submit any. The default drops it (the `krakend.api.logs.*` counts and
  /// `log_output` still see every record): a sink that stores logs overrides it.
  virtual void submit_log(const LogRecord& record) { static_cast<void>(record); }
  /// True when submit_log hands records on (to a host, a store); the default drops them. Once
  /// a run has handed a record on, it has begun submitting: a cancel then stops the rest of the
  /// reading and the scrape, but the run still ends with the log counts and the health check.
  virtual bool forwards_log_records() const noexcept { return false; }
};

}  // namespace kcheck
