// Calendar arithmetic without the C library: <ctime>'s timegm/gmtime_r are not in ISO C++
// and localtime_r reads the process-wide TZ (racy with setenv), so the parser keeps to
// integer day counts (Howard Hinnant's days_from_civil) and its own TimeZone.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kcheck::logs {

/// A wall-clock time as written in a log line (no zone).
struct CivilTime {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;  ///< 0..60 (a leap second is read as the next second's start)
  int millis = 0;
};

/// Days from 1970-01-01 to the given proleptic Gregorian date.
std::int64_t days_from_civil(int year, int month, int day) noexcept;

/// True when the fields name a real date and time (month lengths, leap years).
bool is_valid(const CivilTime& t) noexcept;

/// Milliseconds since the epoch of `t` read as UTC.
std::int64_t to_epoch_ms(const CivilTime& t) noexcept;

/// The UTC calendar fields of an epoch millisecond count.
CivilTime from_epoch_ms(std::int64_t ms) noexcept;

/// The epoch milliseconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
inline constexpr std::int64_t kMinEpochMs = -62135596800000;
inline constexpr std::int64_t kMaxEpochMs = 253402300799999;

/// `ms` brought within years 1..9999, where the calendar arithmetic is exact.
constexpr std::int64_t clamp_epoch_ms(std::int64_t ms) noexcept {
  return ms < kMinEpochMs ? kMinEpochMs : (ms > kMaxEpochMs ? kMaxEpochMs : ms);
}

/// Characters written by format_rfc3339_ms.
inline constexpr std::size_t kRfc3339MsSize = 24;

/// Writes `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes) for years 0..9999; other years are clamped.
void format_rfc3339_ms(std::int64_t ms, char* out) noexcept;

}  // namespace kcheck::logs
