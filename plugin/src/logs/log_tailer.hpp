// Reads what KrakenD appended to its log files since the last run and hands out the records.
// A check instance owns one LogTailer across runs; the tailer remembers, per file, its
// identity (device, inode) and how far it was read, and holds no descriptor between runs.
//
//   LogTailer tailer({.log_files = {"/var/log/krakend/*.log"}, .time_zone = &zone});
//   const TailRun run = tailer.poll(deadline, cancel, now_ms, [&](const Record& r) { ... });
//   // run.status: ok, cancelled or deadline_exceeded; run.warnings name the files
//
// Rotation: when a path names a new file, the rest of the old one is read first from
// `<path>.1` (found by its inode), then the new file from its start. A file shorter than the
// offset was truncated in place (copytruncate) and is read again from its start. Neither
// loses nor repeats a line as long as a run happens between two rotations.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kcheck/cancel.hpp"
#include "kcheck/status.hpp"
#include "logs/arena.hpp"
#include "logs/log_parser.hpp"
#include "logs/record.hpp"
#include "logs/tail_file.hpp"
#include "logs/time_zone.hpp"

namespace kcheck::logs {

/// `log_start_position`: where a file found by the first run is read from. Files that
/// appear later are new and always read from their beginning.
enum class StartPosition : std::uint8_t { kEnd, kBeginning };

struct TailerOptions {
  std::vector<std::string> log_files;  ///< paths or glob(3) patterns
  StartPosition start_position = StartPosition::kEnd;
  std::uint64_t max_bytes_per_run = 16 * 1024 * 1024;  ///< across all files of the instance
  /// `log_timezone`; UTC when null. Not owned: it must outlive the tailer.
  const TimeZone* time_zone = nullptr;
  std::size_t max_line_bytes = kDefaultMaxLineBytes;
  std::size_t max_files = 64;             ///< matches past it are left out, with a warning
  std::size_t chunk_bytes = 1024 * 1024;  ///< one read; the deadline is checked between reads
};

/// What one run did (the `krakend.api.logs.*` counts).
struct TailStats {
  std::uint64_t records = 0;
  std::uint64_t lines = 0;       ///< physical lines handed to the parser
  std::uint64_t bytes = 0;       ///< bytes read and consumed (a partial last line is not)
  std::uint64_t truncated = 0;   ///< records with a line cut at max_line_bytes
  std::uint64_t files_read = 0;  ///< files with new bytes this run
  std::uint64_t warnings = 0;
  std::uint64_t pending_bytes = 0;  ///< left for later runs by max_bytes_per_run or a stop
};

struct TailRun {
  Status status;  ///< ok, or why the run stopped early (cancelled, deadline_exceeded)
  TailStats stats;
  std::vector<std::string> warnings;  ///< per-file problems, each naming its path
};

class LogTailer {
 public:
  using Deliver = std::function<void(const Record&)>;

  /// Allocates the parser and the read buffer once (about 5x max_line_bytes + chunk_bytes).
  explicit LogTailer(TailerOptions options);

  /// Reads every file's new bytes and calls `deliver` for each complete record, in file
  /// name order. Stops between reads when `cancel` is set or `deadline` passes; what was not
  /// read waits for the next run. Every descriptor is closed when it returns.
  TailRun poll(std::chrono::steady_clock::time_point deadline, const CancelToken& cancel,
               std::int64_t now_ms, const Deliver& deliver);

 private:
  /// Where reading a file stands between runs.
  struct Position {
    FileIdentity identity;
    std::uint64_t offset = 0;  ///< the first byte not handed out (the start of a partial line)
    /// The bytes before `offset` do not end in '\n': a line too long to keep was cut and
    /// handed out, its rest is skipped up to the next '\n'.
    bool skipping = false;
    /// Where reading stopped when a record that may continue was left unread at `offset`:
    /// when nothing has been added past it since, the record is complete and is read.
    std::uint64_t held_until = 0;
  };

  struct FileState {
    /// Empty when the path vanished: the file that comes back is new and read from its start.
    std::optional<Position> current;
    std::optional<Position> rotated;  ///< the previous file, not yet read to its end
  };

  enum class Stop : std::uint8_t { kNone, kBudget, kCancelled, kDeadline };

  struct RunContext;

  void poll_path(const std::string& path, RunContext& run);
  void drain_rotated(const std::string& path, FileState& state, RunContext& run);
  /// Reads `file` from `pos` up to its size (or the budget) and delivers its records.
  /// `whole`: the file will not grow (a rotated one), so its last record and a last line
  /// without '\n' are complete.
  void read_file(const TailFile& file, Position& pos, bool whole, RunContext& run);
  /// Hands `lines` to the parser and delivers the records; `finish` ends the file's input.
  void feed(std::string_view lines, bool finish, RunContext& run);
  Position first_position(const TailFile& file, RunContext& run);
  const TimeZone& zone() const noexcept {
    return options_.time_zone != nullptr ? *options_.time_zone : utc_;
  }

  TailerOptions options_;
  TimeZone utc_;
  LogParser parser_;
  Arena scratch_;
  std::string buffer_;  ///< one read plus the partial line before it (capacity kept)
  std::map<std::string, FileState> files_;
  bool polled_ = false;  ///< a run went through every file: files seen later are new
};

}  // namespace kcheck::logs
