#include "logs/record.hpp"

#include <cstddef>

namespace kcheck::logs {
namespace {

/// The name at an enumerator's index (the enums are dense from 0, in this order).
template <std::size_t N, typename E>
std::string_view name_of(const std::string_view (&names)[N], E value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view();
}

constexpr std::string_view kSeverities[] = {"debug",   "info",  "notice",
                                            "warning", "error", "critical"};
constexpr std::string_view kFormats[] = {"basic",  "gologging", "logstash", "logstash_module",
                                         "syslog", "gin",       "panic",    "unparsed"};
constexpr std::string_view kLoggers[] = {"krakend", "gin", "runtime"};
constexpr std::string_view kErrorKinds[] = {
    "", "timeout", "canceled", "invalid_status", "circuit_open", "other"};

}  // namespace

std::string_view severity_name(Severity s) noexcept {
  return name_of(kSeverities, s);
}

std::string_view format_name(LogFormat f) noexcept {
  return name_of(kFormats, f);
}

std::string_view logger_name(LoggerName l) noexcept {
  return name_of(kLoggers, l);
}

std::string_view error_kind_name(ErrorKind k) noexcept {
  return name_of(kErrorKinds, k);
}

}  // namespace kcheck::logs
