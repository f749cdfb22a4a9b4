#include "logs/civil_time.hpp"

namespace kcheck::logs {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

bool is_leap(int y) noexcept {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int days_in_month(int y, int m) noexcept {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

void put2(char* out, int v) noexcept {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

std::int64_t days_from_civil(int year, int month, int day) noexcept {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool is_valid(const CivilTime& t) noexcept {
  return t.year >= 1 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= days_in_month(t.year, t.month) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 &&
         t.minute <= 59 && t.second >= 0 && t.second <= 60 && t.millis >= 0 && t.millis <= 999;
}

std::int64_t to_epoch_ms(const CivilTime& t) noexcept {
  const std::int64_t seconds =
      days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
  return seconds * 1000 + t.millis;
}

CivilTime from_epoch_ms(std::int64_t ms) noexcept {
  std::int64_t days = ms / kMsPerDay;
  std::int64_t rem = ms % kMsPerDay;
  if (rem < 0) {
    rem += kMsPerDay;
    --days;
  }
  // civil_from_days, the inverse of days_from_civil.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int>(yoe + era * 400 + (t.month <= 2 ? 1 : 0));
  t.hour = static_cast<int>(rem / 3'600'000);
  t.minute = static_cast<int>(rem / 60'000 % 60);
  t.second = static_cast<int>(rem / 1000 % 60);
  t.millis = static_cast<int>(rem % 1000);
  return t;
}

void format_rfc3339_ms(std::int64_t ms, char* out) noexcept {
  const CivilTime t = from_epoch_ms(clamp_epoch_ms(ms));
  put2(out, t.year / 100);
  put2(out + 2, t.year % 100);
  out[4] = '-';
  put2(out + 5, t.month);
  out[7] = '-';
  put2(out + 8, t.day);
  out[10] = 'T';
  put2(out + 11, t.hour);
  out[13] = ':';
  put2(out + 14, t.minute);
  out[16] = ':';
  put2(out + 17, t.second);
  out[19] = '.';
  out[20] = static_cast<char>('0' + t.millis / 100);
  put2(out + 21, t.millis % 100);
  out[23] = 'Z';
}

}  // namespace kcheck::logs
