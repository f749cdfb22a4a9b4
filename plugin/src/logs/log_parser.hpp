// The KrakenD log parser: a pull parser over chunks of complete lines that hands out one
// Record per log record, a record being one line or, for an access line followed by its
// `Error #NN:` / `Meta:` lines and for a panic and its stack, several.
//
//   LogParser parser({&zone});
//   parser.feed(chunk, now_ms);           // complete lines; the last may lack its '\n'
//   while (const Record* r = parser.next()) deliver(*r);
//   parser.finish();                      // at the end of the available input
//   while (const Record* r = parser.next()) deliver(*r);
//
// A record that may still continue when a chunk ends (an access line, a panic) is held (its
// bytes copied, at most max_line_bytes) until the next chunk shows where it ends, or until
// finish(). Nothing is allocated per line: records are views into the chunk, the held copy
// or one scratch arena, all allocated with the parser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "logs/arena.hpp"
#include "logs/record.hpp"
#include "logs/record_reader.hpp"
#include "logs/time_zone.hpp"

namespace kcheck::logs {

/// The longest line (and multi-line record) kept; longer ones are cut and marked truncated.
inline constexpr std::size_t kDefaultMaxLineBytes = 256 * 1024;

struct ParserOptions {
  /// The zone of KrakenD's zone-less local timestamps (`log_timezone`); UTC when null. Not
  /// owned: it must outlive the parser.
  const TimeZone* time_zone = nullptr;
  std::size_t max_line_bytes = kDefaultMaxLineBytes;
};

class LogParser {
 public:
  /// Allocates the parser's buffers once: about 5x max_line_bytes (a scratch arena of 4x and
  /// the carry of 1x; 1.25 MiB by default). Throws std::bad_alloc when it cannot.
  explicit LogParser(ParserOptions options = {});

  /// Hands the parser the next chunk of complete lines; call it once next() has returned
  /// nullptr. The chunk must stay alive and unchanged until then. `now_ms` (epoch ms) is the
  /// time of records whose lines carry none. Invalidates the last record.
  void feed(std::string_view chunk, std::int64_t now_ms) noexcept;

  /// Says that no more input is available for now: the record held at the end of the last
  /// chunk is complete and next() returns it. feed() may follow, for later input.
  void finish() noexcept;

  /// The next record, valid until the next call of next() or feed(); nullptr when the chunk
  /// is used up (and, after finish(), nothing is held).
  const Record* next() noexcept;

 private:
  enum class Held : std::uint8_t { kNone, kAccess, kPanic };

  struct Line {
    std::string_view text;  ///< without its '\r\n' / '\n', cut at max_line_
    std::size_t begin = 0;  ///< offset in the chunk
    bool cut = false;
    bool cr = false;  ///< it ended with "\r\n"
  };

  bool take_line(Line& line) noexcept;
  bool continues(std::string_view body) noexcept;
  void hold(const Line& line, LineKind kind, const Unwrapped& u) noexcept;
  void extend(const Line& line) noexcept;
  void move_held_to_carry() noexcept;
  const Record* emit_held() noexcept;

  /// The configured zone, or the parser's own UTC. Looked up on use rather than pointing at
  /// utc_, so that a moved parser does not point into the object it was moved from.
  const TimeZone& zone() const noexcept { return tz_ != nullptr ? *tz_ : utc_; }

  TimeZone utc_;
  const TimeZone* tz_;
  std::size_t max_line_;
  Arena arena_;
  Record record_;

  std::string_view chunk_;
  std::size_t pos_ = 0;
  std::int64_t now_ms_ = 0;
  bool at_end_ = false;

  Held held_ = Held::kNone;
  bool held_in_carry_ = false;
  bool held_cut_ = false;     ///< a line was cut, or the record outgrew max_line_
  bool held_frozen_ = false;  ///< later lines belong to the record but are not kept
  bool held_cr_ = false;      ///< the held record's last line ended with "\r\n"
  /// record_ and the arena still hold what read_line made of the held record's first line
  /// (it was read in this call of next(), in this chunk): emitting it needs no second read.
  bool held_fresh_ = false;
  /// The line that ended the held record, taken and unwrapped already: the next call starts
  /// with it.
  bool have_next_ = false;
  LineKind held_kind_ = LineKind::kUnparsed;
  Unwrapped held_unwrapped_;
  Line next_line_;
  Unwrapped next_unwrapped_;
  std::size_t held_begin_ = 0;
  std::size_t held_end_ = 0;
  std::string carry_;  ///< the held record's bytes across chunks (capacity reserved once)
};

}  // namespace kcheck::logs
