// One KrakenD log record as the parser hands it out: views into the input chunk or into the
// parser's scratch arena, valid until the parser's next call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kcheck::logs {

/// Datadog's status names, lowest first.
enum class Severity : std::uint8_t { kDebug, kInfo, kNotice, kWarning, kError, kCritical };

/// Which writer produced the record (`krakend.format`).
enum class LogFormat : std::uint8_t {
  kBasic,           ///< Lura's BasicLogger: `2024/01/17 11:24:25 KRAKEND ERROR: msg`
  kGologging,       ///< krakend-gologging `default` pattern: `[KRAKEND] date - time ▶ LEVEL msg`
  kLogstash,        ///< krakend-gologging `logstash` pattern (pseudo-JSON, often invalid)
  kLogstashModule,  ///< the telemetry/logstash module's `json.Marshal`ed record
  kSyslog,          ///< a syslog body `LEVEL > msg`
  kGin,             ///< a Gin access line and its `Error #NN:` / `Meta:` lines
  kPanic,           ///< a Go panic, Gin recovery or `http: panic serving`, with its stack
  kUnparsed,        ///< anything else, kept whole
};

/// `logger.name`.
enum class LoggerName : std::uint8_t { kKrakend, kGin, kRuntime };

/// `error.kind`, from the error text.
enum class ErrorKind : std::uint8_t {
  kNone,
  kTimeout,
  kCanceled,
  kInvalidStatus,
  kCircuitOpen,
  kOther
};

/// The errors of one access line kept as separate values; more are counted, not listed.
inline constexpr std::size_t kMaxListedErrors = 16;

struct Record {
  /// Milliseconds since the Unix epoch (UTC); the caller's "now" when the line has none.
  std::int64_t timestamp_ms = 0;
  Severity status = Severity::kInfo;
  LogFormat format = LogFormat::kUnparsed;
  LoggerName logger = LoggerName::kKrakend;
  std::string_view message;

  /// `[ENDPOINT: /x]` → component "ENDPOINT", value "/x"; `[CB]` → "CB" with no value.
  std::string_view component;
  std::string_view component_value;

  // Access lines (format kGin); status_code 0 and duration_ns -1 mean absent.
  int http_status = 0;
  std::string_view http_method;
  std::string_view http_url;
  std::string_view client_ip;
  std::int64_t duration_ns = -1;

  std::string_view error_message;
  ErrorKind error_kind = ErrorKind::kNone;
  std::string_view error_stack;
  std::string_view errors[kMaxListedErrors];
  std::size_t error_count = 0;  ///< how many errors the record had (may exceed the listed ones)

  /// A physical line (or the whole record) was longer than the parser's limit and was cut.
  bool truncated = false;

  /// Back to an empty record. The error list is left as it is (error_count says what is
  /// set): clearing 16 views for every line would cost more than the rest of the reset.
  void reset() noexcept {
    timestamp_ms = 0;
    status = Severity::kInfo;
    format = LogFormat::kUnparsed;
    logger = LoggerName::kKrakend;
    message = component = component_value = {};
    http_status = 0;
    http_method = http_url = client_ip = {};
    duration_ns = -1;
    error_message = error_stack = {};
    error_kind = ErrorKind::kNone;
    error_count = 0;
    truncated = false;
  }

  std::size_t listed_errors() const noexcept {
    return error_count < kMaxListedErrors ? error_count : kMaxListedErrors;
  }
};

/// `debug`, `info`, `notice`, `warning`, `error`, `critical`.
std::string_view severity_name(Severity s) noexcept;
/// `basic`, `gologging`, `logstash`, `logstash_module`, `syslog`, `gin`, `panic`, `unparsed`.
std::string_view format_name(LogFormat f) noexcept;
/// `krakend`, `gin`, `runtime`.
std::string_view logger_name(LoggerName l) noexcept;
/// `timeout`, `canceled`, `invalid_status`, `circuit_open`, `other` ("" for kNone).
std::string_view error_kind_name(ErrorKind k) noexcept;

}  // namespace kcheck::logs
