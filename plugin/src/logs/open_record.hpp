// Where the last record of a run's input may still be growing. The parser holds an access
// line (its `Error #NN:` lines may follow) or a panic (its stack) until it sees the next
// record; the tailer cannot keep a parser per file between runs, so it leaves such a record
// unread and reads it again, whole, in the next run.
#pragma once

#include <cstddef>
#include <string_view>

#include "logs/arena.hpp"
#include "logs/time_zone.hpp"

namespace kcheck::logs {

/// The offset in `lines` (complete lines, each ending in '\n') of the first line of a record
/// that the lines after it do not end: an access line followed only by error and Meta lines,
/// or a panic followed only by lines of no known format. npos when the last record is
/// complete, or when its start is not found within `window` bytes of the end (such a record
/// is past the parser's line limit anyway). `scratch` takes what reading a line writes.
std::size_t open_record_start(std::string_view lines, std::size_t window, const TimeZone& zone,
                              Arena& scratch) noexcept;

}  // namespace kcheck::logs
