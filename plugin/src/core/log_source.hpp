// The second source of a run, beside the scrape: KrakenD's own log files. Tails them with
// logs::LogTailer, hands each record to the sink (Sink::submit_log) and to `log_output`, and
// keeps the `krakend.api.logs.*` counts across runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/sink.hpp"
#include "kcheck/cancel.hpp"
#include "kcheck/status.hpp"
#include "logs/log_counts.hpp"
#include "logs/log_tailer.hpp"
#include "logs/ndjson_output.hpp"

namespace kcheck {

/// What one run's tailing did, for the run's health check and the check's own log.
struct LogRunOutcome {
  /// Per-file problems and log_output failures, each naming its path: a WARNING health.
  std::vector<std::string> warnings;
  /// Notes for the check's log (a backlog left for the next run, a stop at the deadline).
  std::vector<std::string> notes;
  logs::TailStats stats;
  /// The reading stopped at a cancel; the records read before it were delivered (stats.records)
  /// and are not read again.
  bool cancelled = false;
};

class LogSource {
 public:
  /// `options` must outlive the source (the Check's configuration owns both).
  explicit LogSource(const config::LogOptions& options);

  /// Reads what was appended since the last run, until `deadline` or a cancel; every record
  /// goes to sink.submit_log and to log_output, and is counted.
  LogRunOutcome poll(std::chrono::steady_clock::time_point deadline, const CancelToken& cancel,
                     Sink& sink);

  /// Submits the counts as `<namespace>.logs.<name>.count` monotonic counts, with `tags`
  /// added to each series' own.
  void submit_counts(Sink& sink, std::string_view namespace_prefix,
                     std::span<const std::string> tags);

  /// Frees the per-run buffers between runs.
  void release_memory() noexcept;

 private:
  void deliver(const logs::Record& record, Sink& sink);

  const config::LogOptions& options_;
  logs::LogTailer tailer_;
  std::optional<logs::NdjsonOutput> output_;
  logs::LogCounts counts_;
  std::string json_;  ///< the current record's JSON (capacity kept within a run)
  std::vector<std::string_view> tag_views_;
  std::string name_;
  /// The Agent's flush_first_value: false for what the first run counted (it may be a whole
  /// file's history with log_start_position: beginning), true for series that appear later.
  bool counted_once_ = false;
};

}  // namespace kcheck
