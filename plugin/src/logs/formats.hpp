// The readers of one physical line (its docker/journald/syslog wrapper already removed), one
// per KrakenD writer. Each fills the record's format, logger, status, timestamp and message
// (and the access fields) as views into the line or the arena, and answers false, leaving
// `rec` to be reset, when the line is not of its format.
#pragma once

#include <cstdint>
#include <string_view>

#include "logs/arena.hpp"
#include "logs/record.hpp"
#include "logs/time_zone.hpp"

namespace kcheck::logs {

struct LineContext {
  const TimeZone& tz;
  Arena& arena;
};

/// `[GIN] 2006/01/02 - 15:04:05 | 200 |  143.6ms |  10.0.0.1 | GET  "/path?q"`, both Gin
/// layouts, with or without colours.
bool read_gin_access(std::string_view line, const LineContext& ctx, Record& rec);

/// `Error #01: text` (Gin's error lines); the text in `text`.
bool read_gin_error_line(std::string_view line, std::string_view& text) noexcept;

/// `     Meta: …` (the line Gin prints after an error with metadata).
bool is_gin_meta_line(std::string_view line) noexcept;

/// A Go duration (`143.655729ms`, `1m0s`, `12µs`, `2743h29m0s`) in nanoseconds.
bool parse_go_duration(std::string_view text, std::int64_t& ns) noexcept;

/// `2024/01/17 11:24:25 KRAKEND ERROR: msg` (Lura's BasicLogger; the prefix may be empty).
bool read_basic(std::string_view line, const LineContext& ctx, Record& rec);

/// `[KRAKEND] 2024/05/30 - 19:08:07.637 ▶ ERROR msg` (gologging's default pattern).
bool read_gologging(std::string_view line, const LineContext& ctx, Record& rec);

/// `ERROR > msg` (what gologging sends to syslog; the time comes from the wrapper).
bool read_syslog_body(std::string_view line, Record& rec);

/// gologging's `logstash` pseudo-JSON (read even when invalid) or the telemetry/logstash
/// module's JSON.
bool read_logstash(std::string_view line, const LineContext& ctx, Record& rec);

/// The first line of a panic: `panic: v`, `fatal error: v`, `[DATE TIME ]http: panic
/// serving addr: v`, Gin's `[ESC[31m]DATE TIME [Recovery] DATE - TIME panic recovered:`.
bool read_panic_head(std::string_view line, const LineContext& ctx, Record& rec);

/// RFC 3339 with a zone (`2022-06-15T15:37:02.619000+02:00`, `…Z`) in epoch ms; `consumed`
/// is its length.
bool parse_rfc3339(std::string_view text, std::int64_t& ms, std::size_t& consumed) noexcept;

}  // namespace kcheck::logs
