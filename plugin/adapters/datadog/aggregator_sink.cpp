#include "aggregator_sink.hpp"

#include <cstring>

#include "nul_free.hpp"

namespace kcheck::datadog {

namespace {

// Copies `text` into `buffer` and returns a NUL-terminated, writable C string (the Agent's
// callbacks take char*; they copy and never write). A NUL inside `text` would end the C string
// early: it becomes U+FFFD.
char* c_string(std::string& buffer, std::string_view text) {
  buffer.clear();
  adapters::append_nul_free(buffer, text);
  return buffer.data();
}

}  // namespace

AggregatorSink::AggregatorSink(const dd_aggregator_t& aggregator, char* check_id,
                               bool use_log_callback)
    : aggregator_(aggregator), check_id_(check_id), use_log_callback_(use_log_callback) {}

char** AggregatorSink::c_tags(std::span<const std::string_view> tags) {
  // Every tag, NULs replaced, followed by its terminating NUL; pointers are taken only after
  // every byte is in place (appending may reallocate), by walking the terminators.
  std::size_t total = 0;
  for (const std::string_view tag : tags) total += tag.size() + 1;
  tag_bytes_.clear();
  tag_bytes_.reserve(total);
  for (const std::string_view tag : tags) {
    adapters::append_nul_free(tag_bytes_, tag);
    tag_bytes_.push_back('\0');
  }
  tag_pointers_.clear();
  char* next = tag_bytes_.data();
  for (std::size_t i = 0; i < tags.size(); ++i) {
    tag_pointers_.push_back(next);
    next += std::strlen(next) + 1;
  }
  tag_pointers_.push_back(nullptr);
  return tag_pointers_.data();
}

void AggregatorSink::submit_metric(std::string_view name, SubmitType type, double value,
                                   std::span<const std::string_view> tags,
                                   std::string_view hostname, bool flush_first_value) {
  if (aggregator_.submit_metric == nullptr) return;
  aggregator_.submit_metric(check_id_, static_cast<dd_metric_type_t>(type), c_string(name_, name),
                            value, c_tags(tags), c_string(hostname_, hostname), flush_first_value);
}

void AggregatorSink::submit_service_check(std::string_view name, CheckStatus status,
                                          std::span<const std::string_view> tags,
                                          std::string_view hostname, std::string_view message) {
  if (aggregator_.submit_service_check == nullptr) return;
  aggregator_.submit_service_check(check_id_, c_string(name_, name), static_cast<int>(status),
                                   c_tags(tags), c_string(hostname_, hostname),
                                   c_string(message_, message));
}

void AggregatorSink::submit_histogram_bucket(std::string_view name, int64_t value,
                                             double lower_bound, double upper_bound, bool monotonic,
                                             std::span<const std::string_view> tags,
                                             std::string_view hostname, bool flush_first_value) {
  if (aggregator_.submit_histogram_bucket == nullptr) return;
  // The Agent's signature: value long long, bounds float, monotonic int, hostname before tags.
  aggregator_.submit_histogram_bucket(
      check_id_, c_string(name_, name), static_cast<long long>(value),
      static_cast<float>(lower_bound), static_cast<float>(upper_bound), monotonic ? 1 : 0,
      c_string(hostname_, hostname), c_tags(tags), flush_first_value);
}

void AggregatorSink::log(LogLevel level, std::string_view message) {
  // Without the opt-in, the sixth slot may not exist: never read it.
  if (!use_log_callback_ || aggregator_.log == nullptr) return;
  aggregator_.log(c_string(message_, message), static_cast<int>(level));
}

}  // namespace kcheck::datadog
