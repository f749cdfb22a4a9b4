// The KrakenD metric map: turns one parsed payload into submissions (parse -> map -> emit).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "kcheck/cancel.hpp"
#include "kcheck/parse.hpp"
#include "kcheck/sink.hpp"
#include "kcheck/status.hpp"

namespace kcheck::map {

/// What a successful run left out, for the health check's WARNING (contract §6, §8).
struct RunWarnings {
  std::uint64_t families_dropped = 0;  ///< quarantined: a bad line or a broken family rule
  std::string first_drop;              ///< "<family> at line L col C: <what was expected>"
  std::uint64_t contexts_dropped = 0;  ///< over max_returned_metrics
  std::uint64_t context_limit = 0;

  bool any() const noexcept { return families_dropped != 0 || contexts_dropped != 0; }
  /// "2 families dropped; first: ...", "max_returned_metrics reached: ...", or both.
  std::string message() const;
};

/// Maps payloads of one instance. Keeps the per-instance state the contract needs across
/// runs (flush_first_value after the first successful run). Not thread-safe: one run at
/// a time per instance.
class Mapper {
 public:
  explicit Mapper(const config::InstanceConfig& config);
  ~Mapper();
  Mapper(const Mapper&) = delete;
  Mapper& operator=(const Mapper&) = delete;

  /// Parses `payload` in `format` and submits every mapped series to `sink`. A line that
  /// does not parse, or a family that breaks a format rule, drops that family only (all of
  /// it) and the run goes on (warnings() says what was dropped); with strict_parsing, or for
  /// an error of the whole input (OpenMetrics without '# EOF'), nothing is submitted and the
  /// positioned parse error is returned (kDataLoss, "line L col C: ..."); a payload over a scrape
  /// limit (sample_limit, label_limit, label_name_length_limit, label_value_length_limit) submits
  /// nothing and returns kResourceExhausted naming the limit, the family and the line. `cancel`
  /// (may be null) is checked every 64 KiB of payload (lines removed by raw_line_filters,
  /// comment and blank lines included) and every 256 parser events until submitting starts: a
  /// cancelled run submits nothing and returns kCancelled; once submitting has begun the run
  /// completes.
  /// Does not send the health service check. `wire_size` is the body's size as received
  /// (compressed under gzip), reported by telemetry as payload.size; default payload.size().
  Status map_payload(std::string_view payload, Format format, Sink& sink,
                     const CancelToken* cancel = nullptr,
                     std::optional<std::size_t> wire_size = std::nullopt);

  /// Ok, or why the mapping options are unusable (an invalid regular expression in
  /// raw_line_filters, extra_metrics, exclude_metrics, exclude_metrics_by_labels, or an
  /// unknown extra_metrics type); map_payload returns the same error on every run.
  const Status& config_status() const noexcept;

  /// Frees the per-run buffers (arena, pending submissions, series, tag lists) whatever
  /// their use: for hosts that keep many idle instances between rare runs. The next run
  /// allocates them again. Not during map_payload.
  void release_memory() noexcept;

  /// What the last successful map_payload dropped (families, contexts); empty otherwise.
  const RunWarnings& warnings() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kcheck::map
