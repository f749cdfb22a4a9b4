#include "core/host_sink.hpp"

#include <cmath>

namespace kcheck {

// The C++ enums and the ABI constants are one numbering (the Datadog Agent's); a cast
// between them is only correct while these hold.
static_assert(static_cast<int>(SubmitType::kGauge) == KCHECK_METRIC_GAUGE);
static_assert(static_cast<int>(SubmitType::kRate) == KCHECK_METRIC_RATE);
static_assert(static_cast<int>(SubmitType::kCount) == KCHECK_METRIC_COUNT);
static_assert(static_cast<int>(SubmitType::kMonotonicCount) == KCHECK_METRIC_MONOTONIC_COUNT);
static_assert(static_cast<int>(SubmitType::kCounter) == KCHECK_METRIC_COUNTER);
static_assert(static_cast<int>(SubmitType::kHistogram) == KCHECK_METRIC_HISTOGRAM);
static_assert(static_cast<int>(SubmitType::kHistorate) == KCHECK_METRIC_HISTORATE);
static_assert(static_cast<int>(CheckStatus::kOk) == KCHECK_SERVICE_CHECK_OK);
static_assert(static_cast<int>(CheckStatus::kWarning) == KCHECK_SERVICE_CHECK_WARNING);
static_assert(static_cast<int>(CheckStatus::kCritical) == KCHECK_SERVICE_CHECK_CRITICAL);
static_assert(static_cast<int>(CheckStatus::kUnknown) == KCHECK_SERVICE_CHECK_UNKNOWN);
static_assert(static_cast<int>(LogLevel::kTrace) == KCHECK_LOG_TRACE);
static_assert(static_cast<int>(LogLevel::kDebug) == KCHECK_LOG_DEBUG);
static_assert(static_cast<int>(LogLevel::kInfo) == KCHECK_LOG_INFO);
static_assert(static_cast<int>(LogLevel::kWarning) == KCHECK_LOG_WARNING);
static_assert(static_cast<int>(LogLevel::kError) == KCHECK_LOG_ERROR);
static_assert(static_cast<int>(LogLevel::kCritical) == KCHECK_LOG_CRITICAL);
static_assert(static_cast<int>(LogStatus::kDebug) == KCHECK_LOG_STATUS_DEBUG);
static_assert(static_cast<int>(LogStatus::kInfo) == KCHECK_LOG_STATUS_INFO);
static_assert(static_cast<int>(LogStatus::kNotice) == KCHECK_LOG_STATUS_NOTICE);
static_assert(static_cast<int>(LogStatus::kWarning) == KCHECK_LOG_STATUS_WARNING);
static_assert(static_cast<int>(LogStatus::kError) == KCHECK_LOG_STATUS_ERROR);
static_assert(static_cast<int>(LogStatus::kCritical) == KCHECK_LOG_STATUS_CRITICAL);

kcheck_str to_kcheck_str(std::string_view s) noexcept {
  if (s.empty()) return kcheck_str{"", 0};
  return kcheck_str{s.data(), s.size()};
}

HostSink::HostSink(const kcheck_host_callbacks& callbacks, void* host_ctx) noexcept
    : callbacks_(callbacks), host_ctx_(host_ctx) {}

const kcheck_str* HostSink::tag_views(std::span<const std::string_view> tags) {
  if (tags.empty()) return nullptr;
  tag_buffer_.clear();
  tag_buffer_.reserve(tags.size());
  for (std::string_view t : tags) tag_buffer_.push_back(to_kcheck_str(t));
  return tag_buffer_.data();
}

void HostSink::submit_metric(std::string_view name, SubmitType type, double value,
                             std::span<const std::string_view> tags, std::string_view hostname,
                             bool flush_first_value) {
  // The header promises hosts finite values; a non-finite one here would be a map bug,
  // and dropping it is what the map contract asks for anyway.
  if (!std::isfinite(value)) return;
  kcheck_metric m{};
  m.struct_size = sizeof(kcheck_metric);
  m.type = static_cast<kcheck_metric_type>(type);
  m.name = to_kcheck_str(name);
  m.value = value;
  m.tags = tag_views(tags);
  m.tag_count = tags.size();
  m.hostname = to_kcheck_str(hostname);
  m.flush_first_value = flush_first_value ? 1u : 0u;
  callbacks_.submit_metric(host_ctx_, &m);
}

void HostSink::submit_service_check(std::string_view name, CheckStatus status,
                                    std::span<const std::string_view> tags,
                                    std::string_view hostname, std::string_view message) {
  kcheck_service_check sc{};
  sc.struct_size = sizeof(kcheck_service_check);
  sc.status = static_cast<kcheck_service_check_status>(status);
  sc.name = to_kcheck_str(name);
  sc.tags = tag_views(tags);
  sc.tag_count = tags.size();
  sc.hostname = to_kcheck_str(hostname);
  sc.message = to_kcheck_str(message);
  callbacks_.submit_service_check(host_ctx_, &sc);
}

void HostSink::submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                                       double upper_bound, bool monotonic,
                                       std::span<const std::string_view> tags,
                                       std::string_view hostname, bool flush_first_value) {
  kcheck_histogram_bucket b{};
  b.struct_size = sizeof(kcheck_histogram_bucket);
  b.monotonic = monotonic ? 1u : 0u;
  b.name = to_kcheck_str(name);
  b.value = value;
  b.lower_bound = lower_bound;
  b.upper_bound = upper_bound;
  b.tags = tag_views(tags);
  b.tag_count = tags.size();
  b.hostname = to_kcheck_str(hostname);
  b.flush_first_value = flush_first_value ? 1u : 0u;
  callbacks_.submit_histogram_bucket(host_ctx_, &b);
}

void HostSink::submit_log(const LogRecord& record) {
  if (callbacks_.submit_log == nullptr) return;
  kcheck_log_record r{};
  r.struct_size = sizeof(kcheck_log_record);
  r.status = static_cast<kcheck_log_status>(record.status);
  r.timestamp_ms = record.timestamp_ms;
  r.json = to_kcheck_str(record.json);
  r.message = to_kcheck_str(record.message);
  callbacks_.submit_log(host_ctx_, &r);
}

void HostSink::log(LogLevel level, std::string_view message) {
  if (callbacks_.log == nullptr) return;
  callbacks_.log(host_ctx_, static_cast<kcheck_log_level>(level), to_kcheck_str(message));
}

}  // namespace kcheck
