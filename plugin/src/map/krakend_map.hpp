// The KrakenD metric map: turns one parsed payload into submissions (parse -> map -> emit).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "config/config.hpp"
#include "kcheck/cancel.hpp"
#include "kcheck/parse.hpp"
#include "kcheck/sink.hpp"
#include "kcheck/status.hpp"

namespace kcheck::map {

/// Maps payloads of one instance. Keeps the per-instance state the contract needs across
/// runs (flush_first_value after the first successful run). Not thread-safe: one run at
/// a time per instance.
class Mapper {
 public:
  explicit Mapper(const config::InstanceConfig& config);
  ~Mapper();
  Mapper(const Mapper&) = delete;
  Mapper& operator=(const Mapper&) = delete;

  /// Parses `payload` in `format` and submits every mapped series to `sink`. Atomic: if
  /// the payload does not parse, nothing is submitted and the positioned parse error is
  /// returned (kDataLoss, "line L col C: ..."); a payload over a scrape limit (sample_limit,
  /// label_limit, label_name_length_limit, label_value_length_limit) submits nothing and
  /// returns kResourceExhausted naming the limit, the family and the line. `cancel` (may be
  /// null) is checked every few hundred lines until submitting starts: a cancelled run
  /// submits nothing and returns kCancelled; once submitting has begun the run completes.
  /// Does not send the health service check. `wire_size` is the body's size as received
  /// (compressed under gzip), reported by telemetry as payload.size; default payload.size().
  Status map_payload(std::string_view payload, Format format, Sink& sink,
                     const CancelToken* cancel = nullptr,
                     std::optional<std::size_t> wire_size = std::nullopt);

  /// Ok, or why the mapping options are unusable (an invalid regular expression in
  /// raw_line_filters, extra_metrics, exclude_metrics, exclude_metrics_by_labels, or an
  /// unknown extra_metrics type); map_payload returns the same error on every run.
  const Status& config_status() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kcheck::map
