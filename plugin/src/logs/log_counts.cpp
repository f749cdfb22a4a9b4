#include "logs/log_counts.hpp"

#include <string>

namespace kcheck::logs {
namespace {

constexpr std::array<std::string_view, 10> kMethods = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE", "_OTHER"};
constexpr std::uint32_t kOtherMethod = kMethods.size() - 1;

std::uint32_t method_index(std::string_view method) noexcept {
  for (std::uint32_t i = 0; i < kOtherMethod; ++i) {
    if (kMethods[i] == method) return i;
  }
  return kOtherMethod;
}

}  // namespace

std::string_view LogCounts::method_tag(std::string_view method) noexcept {
  return kMethods[method_index(method)];
}

void LogCounts::add(const Record& record) {
  ++lines_[static_cast<std::size_t>(record.status) * kLoggers +
           static_cast<std::size_t>(record.logger)];
  if (record.format == LogFormat::kGin && record.http_status != 0) {
    const int code = record.http_status;
    const std::uint32_t status = code >= 100 && code <= 599 ? static_cast<std::uint32_t>(code) : 0;
    ++requests_[status * 16 + method_index(record.http_method)];
  }
  if (record.error_kind != ErrorKind::kNone) ++errors_[static_cast<std::size_t>(record.error_kind)];
  if (record.format == LogFormat::kPanic) ++panics_;
  if (record.format == LogFormat::kUnparsed) ++unparsed_;
}

void LogCounts::visit(const Visit& visit) const {
  std::string first;
  std::string second;
  std::string third;
  for (std::size_t s = 0; s < kSeverities; ++s) {
    for (std::size_t l = 0; l < kLoggers; ++l) {
      const std::uint64_t n = lines_[s * kLoggers + l];
      if (n == 0) continue;
      first = "level:";
      first += severity_name(static_cast<Severity>(s));
      second = "logger:";
      second += logger_name(static_cast<LoggerName>(l));
      const std::string_view tags[] = {first, second};
      visit("lines", tags, n);
    }
  }
  for (const auto& [key, n] : requests_) {
    const std::uint32_t status = key / 16;
    first = "http_response_status_code:";
    first += status == 0 ? std::string("other") : std::to_string(status);
    second = "code_class:";
    second += status == 0 ? std::string("other") : std::to_string(status / 100) + "xx";
    third = "http_request_method:";
    third += kMethods[key % 16];
    const std::string_view tags[] = {first, second, third};
    visit("requests", tags, n);
  }
  for (std::size_t k = 1; k < kErrorKinds; ++k) {
    if (errors_[k] == 0) continue;
    first = "error_kind:";
    first += error_kind_name(static_cast<ErrorKind>(k));
    const std::string_view tags[] = {first};
    visit("errors", tags, errors_[k]);
  }
  if (panics_ != 0) visit("panics", {}, panics_);
  if (unparsed_ != 0) visit("unparsed", {}, unparsed_);
  visit("bytes", {}, bytes_);
}

}  // namespace kcheck::logs
