#include "snapshot.hpp"

#include <string>

#include "bound_text.hpp"
#include "nul_free.hpp"

namespace kcheck::zabbix {

namespace {

std::string copy(std::string_view text) {
  std::string out;
  adapters::append_nul_free(out, text);
  return out;
}

std::vector<std::string> copy_tags(std::span<const std::string_view> tags) {
  std::vector<std::string> out;
  out.reserve(tags.size() + 2);  // room for a bucket's two bound tags
  for (const std::string_view tag : tags) out.push_back(copy(tag));
  return out;
}

}  // namespace

void SnapshotSink::submit_metric(std::string_view name, SubmitType type, double value,
                                 std::span<const std::string_view> tags, std::string_view hostname,
                                 bool /*flush_first_value*/) {
  // flush_first_value has no Zabbix equivalent: the server derives rates ("change per second").
  snapshot_.metrics.push_back(
      Series{copy(name), submit_type_name(type), value, copy_tags(tags), copy(hostname)});
}

void SnapshotSink::submit_service_check(std::string_view name, CheckStatus status,
                                        std::span<const std::string_view> tags,
                                        std::string_view hostname, std::string_view message) {
  snapshot_.service_checks.push_back(
      ServiceCheck{copy(name), status, copy(message), copy_tags(tags), copy(hostname)});
}

void SnapshotSink::submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                                           double upper_bound, bool /*monotonic*/,
                                           std::span<const std::string_view> tags,
                                           std::string_view hostname, bool /*flush_first_value*/) {
  Series series{copy(name), kHistogramBucketType, static_cast<double>(value), copy_tags(tags),
                copy(hostname)};
  series.tags.push_back("lower_bound:" + adapters::bound_text(lower_bound));
  series.tags.push_back("upper_bound:" + adapters::bound_text(upper_bound));
  snapshot_.metrics.push_back(std::move(series));
}

void SnapshotSink::log(LogLevel /*level*/, std::string_view /*message*/) {}

}  // namespace kcheck::zabbix
