// From the bytes of one record (its physical lines) to a Record: which writer it comes
// from, then the fields every record gets (time, redaction, component, error).
#pragma once

#include <cstdint>
#include <string_view>

#include "logs/formats.hpp"
#include "logs/record.hpp"
#include "logs/wrapper.hpp"

namespace kcheck::logs {

/// What a line starts.
enum class LineKind : std::uint8_t {
  kUnparsed,     ///< no known format
  kSingle,       ///< a one-line record (basic, gologging, logstash, syslog)
  kAccess,       ///< a Gin access line: `Error #NN:` / `Meta:` lines may follow
  kPanic,        ///< a crash report: its stack follows
  kOrphanError,  ///< a Gin `Error #NN:` line with no access line before it
};

/// Recognises the line that starts a record (wrappers removed) and fills `rec` from it.
LineKind read_head(std::string_view body, const LineContext& ctx, Record& rec);

/// Resets `rec` and reads the head of a physical line whose wrappers `u` removed.
LineKind read_line(const Unwrapped& u, const LineContext& ctx, bool cut, Record& rec);

/// Completes the record of a line read_line found to be kSingle, kOrphanError or kUnparsed.
void finish_line(LineKind kind, std::string_view line, const Unwrapped& u, const LineContext& ctx,
                 std::int64_t now_ms, Record& rec);

/// Completes the record of a multi-line kind whose first line read_line has read (`u` being
/// its unwrapping, inside `text`): `text` holds the record's lines separated by '\n'.
void finish_multiline(LineKind kind, std::string_view text, const Unwrapped& u,
                      const LineContext& ctx, std::int64_t now_ms, Record& rec);

/// The record of an access line with its error lines, or of a panic with its stack: `text`
/// holds its lines separated by '\n'.
void read_multiline(std::string_view text, const LineContext& ctx, std::int64_t now_ms, bool cut,
                    Record& rec);

}  // namespace kcheck::logs
