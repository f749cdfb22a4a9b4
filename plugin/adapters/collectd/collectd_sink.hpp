// kcheck::Sink -> collectd's plugin_dispatch_values / plugin_dispatch_notification / plugin_log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sink.hpp"
#include "instance_state.hpp"

namespace kcheck::collectd {

/// The collectd type a submission is dispatched as (an entry of collectd's types.db).
enum class ValueKind { kGauge, kAbsolute };

/// gauge, rate, histogram and historate -> gauge. monotonic_count -> gauge as well, carrying the
/// cumulative value: gauge_t is the only collectd value that holds a float64, so a `.sum` of
/// seconds (0.734) keeps its fraction, where derive (int64) rounded it away; the consumer derives
/// the rate. count and counter (per-run deltas, integers in this check) -> absolute.
constexpr ValueKind value_kind(SubmitType type) noexcept {
  switch (type) {
    case SubmitType::kCount:
    case SubmitType::kCounter:
      return ValueKind::kAbsolute;
    case SubmitType::kMonotonicCount:
    case SubmitType::kGauge:
    case SubmitType::kRate:
    case SubmitType::kHistogram:
    case SubmitType::kHistorate:
      return ValueKind::kGauge;
  }
  return ValueKind::kGauge;
}

/// KrakenD log records dispatched as notifications per read at most; the others are counted and
/// said in one warning at the end of the read (CollectdSink::end_read).
inline constexpr std::size_t kMaxLogNotificationsPerRead = 100;

/// Meta data string values (a URL, an error text) are cut to this many bytes, on a UTF-8
/// character boundary.
inline constexpr std::size_t kMaxMetaValueBytes = 1024;

/// One sink per read, on collectd's read thread. Every string is copied into value_list_t's
/// fixed-size fields (collectd copies again in plugin_dispatch_values), each NUL byte in it
/// replaced by U+FFFD first (nul_free.hpp), tags included, before they are folded into a series
/// name. The sink's buffers live for one read: one large payload leaves nothing behind.
class CollectdSink final : public Sink {
 public:
  explicit CollectdSink(InstanceState& state) : state_(state) {}

  void submit_metric(std::string_view name, SubmitType type, double value,
                     std::span<const std::string_view> tags, std::string_view hostname,
                     bool flush_first_value) override;
  void submit_service_check(std::string_view name, CheckStatus status,
                            std::span<const std::string_view> tags, std::string_view hostname,
                            std::string_view message) override;
  void submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                               double upper_bound, bool monotonic,
                               std::span<const std::string_view> tags, std::string_view hostname,
                               bool flush_first_value) override;
  void log(LogLevel level, std::string_view message) override;
  /// A record of status warning or worse becomes a notification (warning -> NOTIF_WARNING,
  /// error and critical -> NOTIF_FAILURE), its fields in the notification's meta data; at most
  /// kMaxLogNotificationsPerRead per read. Records below warning are only counted by the core.
  void submit_log(const LogRecord& record) override;
  bool forwards_log_records() const noexcept override { return true; }

  /// Called by the read callback once the run is over: one warning for the values skipped and
  /// one for the log records not sent as notifications, when there are any.
  void end_read();

  /// Values collectd cannot represent (non-finite, or an absolute outside uint64): skipped.
  std::size_t skipped() const noexcept { return skipped_; }
  /// Values dispatched in this read.
  std::size_t dispatched() const noexcept { return dispatched_; }
  /// Log records of warning or worse sent as notifications in this read, and those beyond the
  /// limit that were not.
  std::size_t log_notifications() const noexcept { return log_notifications_; }
  std::size_t log_notifications_unsent() const noexcept { return log_notifications_unsent_; }

 private:
  /// A submission's texts with no NUL byte in them; views valid until the next nul_free().
  struct Texts {
    std::string_view name;
    std::span<const std::string_view> tags;
    std::string_view hostname;
  };
  Texts nul_free(std::string_view name, std::span<const std::string_view> tags,
                 std::string_view hostname);
  void dispatch(const Texts& texts, ValueKind kind, double value);

  InstanceState& state_;
  std::size_t skipped_ = 0;
  std::size_t dispatched_ = 0;
  std::size_t log_notifications_ = 0;
  std::size_t log_notifications_unsent_ = 0;
  std::vector<std::string_view> tag_scratch_;
  std::string lower_tag_;
  std::string upper_tag_;
  // What nul_free() and the messages copy into, only for texts that hold a NUL.
  std::string name_copy_;
  std::string hostname_copy_;
  std::string message_copy_;
  std::string meta_copy_;
  std::vector<std::string> tag_copies_;
  std::vector<std::string_view> nul_free_tags_;
};

}  // namespace kcheck::collectd
