// The zone KrakenD's local, zone-less timestamps are read in (`log_timezone`). Loaded once
// from the system tz database (TZif, RFC 8536) and immutable after: lookups are pure reads,
// safe from any number of threads, unlike localtime_r, which depends on the process-wide TZ.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kcheck/status.hpp"
#include "logs/civil_time.hpp"

namespace kcheck::logs {

class TimeZone {
 public:
  /// UTC (the default `log_timezone`).
  TimeZone() = default;

  /// `UTC`, `Z`, a fixed offset `+HH:MM` / `-HH:MM`, or an IANA name (`Europe/Madrid`) read
  /// from `zoneinfo_dir`. Errors: an unknown or malformed name, an unreadable or invalid file.
  static Result<TimeZone> load(std::string_view name,
                               const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  /// UTC seconds of a local wall-clock time given as seconds since 1970-01-01 00:00 local.
  /// In a gap (spring forward) the offset before the gap is used; in an overlap, the first.
  std::int64_t local_to_utc(std::int64_t local_seconds) const noexcept;

  /// Epoch milliseconds of a wall-clock time read in this zone.
  std::int64_t to_utc_ms(const CivilTime& local) const noexcept {
    const std::int64_t ms = to_epoch_ms(local);
    const std::int64_t seconds = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
    return local_to_utc(seconds) * 1000 + (ms - seconds * 1000);
  }

  /// Offset from UTC (seconds east) in effect at a UTC instant.
  std::int32_t offset_at(std::int64_t utc_seconds) const noexcept;

  const std::string& name() const noexcept { return name_; }

 private:
  std::string name_ = "UTC";
  std::int32_t initial_offset_ = 0;
  std::vector<std::int64_t> transitions_;  ///< UTC seconds, ascending
  std::vector<std::int32_t> offsets_;      ///< offset in effect from transitions_[i] on

  friend class TzifReader;
};

}  // namespace kcheck::logs
