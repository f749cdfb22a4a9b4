// The prefixes other programs put in front of KrakenD's lines: docker compose
// (`krakend_1   | `), syslog files and journalctl (`Jan 17 11:24:25 host krakend[7]: `,
// `<PRI>`, RFC 3339 stamps as rsyslog writes them) and `docker/kubectl logs --timestamps`.
#pragma once

#include <cstdint>
#include <string_view>

#include "logs/time_zone.hpp"

namespace kcheck::logs {

struct Unwrapped {
  std::string_view body;  ///< the line KrakenD wrote
  bool has_time = false;  ///< the wrapper carried a time (used when the body has none)
  std::int64_t time_ms = 0;
};

/// Removes the wrappers of `line`; `now_ms` supplies the year of syslog's year-less stamps.
Unwrapped unwrap(std::string_view line, const TimeZone& tz, std::int64_t now_ms) noexcept;

}  // namespace kcheck::logs
