#include "logs/log_tailer.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "logs/log_glob.hpp"
#include "logs/open_record.hpp"

namespace kcheck::logs {
namespace {

// What reading a line's head may write to the scratch arena is cut at its end, and only the
// line's kind is used: a few KiB is plenty.
constexpr std::size_t kScratchBytes = 64 * 1024;

/// Physical lines in `text`: its '\n's, and a last line without one.
std::uint64_t count_lines(std::string_view text) noexcept {
  if (text.empty()) return 0;
  const auto n = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  return text.back() == '\n' ? n : n + 1;
}

}  // namespace

struct LogTailer::RunContext {
  std::chrono::steady_clock::time_point deadline;
  const CancelToken& cancel;
  std::int64_t now_ms;
  const Deliver& deliver;
  std::uint64_t budget;  ///< bytes this run may still read
  Stop stop = Stop::kNone;
  TailRun out;

  void warn(std::string message) {
    out.warnings.push_back(std::move(message));
    ++out.stats.warnings;
  }

  /// Whether reading may go on; records why not in `stop`.
  bool may_read() noexcept {
    if (stop != Stop::kNone) return false;
    if (cancel.cancelled()) {
      stop = Stop::kCancelled;
    } else if (std::chrono::steady_clock::now() >= deadline) {
      stop = Stop::kDeadline;
    } else if (budget == 0) {
      stop = Stop::kBudget;
    }
    return stop == Stop::kNone;
  }
};

LogTailer::LogTailer(TailerOptions options)
    : options_(std::move(options)),
      parser_({options_.time_zone, options_.max_line_bytes}),
      scratch_(kScratchBytes) {
  if (options_.max_line_bytes == 0) options_.max_line_bytes = kDefaultMaxLineBytes;
  if (options_.chunk_bytes == 0) options_.chunk_bytes = 1024 * 1024;
  // A budget under one line would read the same partial line again every run, for ever.
  options_.max_bytes_per_run =
      std::max<std::uint64_t>(options_.max_bytes_per_run, options_.max_line_bytes + 1);
  // A partial line is kept only up to the line limit (past it, it is cut and handed out), so
  // the buffer never needs more than that plus one read.
  buffer_.reserve(options_.max_line_bytes + 1 + options_.chunk_bytes);
}

TailRun LogTailer::poll(std::chrono::steady_clock::time_point deadline, const CancelToken& cancel,
                        std::int64_t now_ms, const Deliver& deliver) {
  RunContext run{deadline, cancel, now_ms, deliver, options_.max_bytes_per_run, Stop::kNone, {}};
  GlobResult matched = expand_log_files(options_.log_files, options_.max_files);
  for (std::string& w : matched.warnings) run.warn(std::move(w));
  for (const std::string& path : matched.paths) {
    if (run.stop == Stop::kCancelled || run.stop == Stop::kDeadline) break;
    poll_path(path, run);
  }
  // Files no pattern matches any more are forgotten, so the state stays bounded; one that
  // comes back counts as first seen. A run cut short keeps everything for the next one.
  if (run.stop != Stop::kCancelled && run.stop != Stop::kDeadline) {
    const std::set<std::string> keep(matched.paths.begin(), matched.paths.end());
    std::erase_if(files_, [&](const auto& entry) { return !keep.contains(entry.first); });
  }
  polled_ = polled_ || run.stop == Stop::kNone || run.stop == Stop::kBudget;
  if (run.stop == Stop::kCancelled) run.out.status = cancelled("log tailing cancelled");
  if (run.stop == Stop::kDeadline) {
    run.out.status = deadline_exceeded("log tailing stopped at the deadline");
  }
  return std::move(run.out);
}

LogTailer::Position LogTailer::first_position(const TailFile& file, RunContext& run) {
  Position pos;
  pos.identity = file.identity();
  // Only the files there at the first run have a past to skip: one that appears later was
  // created since, and starting at its end would lose its first lines.
  if (options_.start_position == StartPosition::kBeginning || polled_ || file.size() == 0) {
    return pos;
  }
  // At the end; when the file does not end with a line, the rest of that line is skipped
  // rather than handed out as a line of its own.
  pos.offset = file.size();
  char last = '\n';
  const Result<std::size_t> got = file.read_at(file.size() - 1, &last, 1);
  if (!got.ok()) run.warn(got.status().message());
  pos.skipping = got.ok() && got.value() == 1 && last != '\n';
  return pos;
}

void LogTailer::poll_path(const std::string& path, RunContext& run) {
  Result<TailFile> file = TailFile::open(path);
  auto it = files_.find(path);
  if (!file.ok()) {
    run.warn(file.status().message());
    // A path that vanished may have been renamed away (rotation): its rest is looked for
    // now, and the file that takes its place later is new.
    if (it != files_.end() && it->second.current) {
      if (!it->second.rotated) it->second.rotated = it->second.current;
      it->second.current.reset();
    }
    if (it != files_.end()) drain_rotated(path, it->second, run);
    return;
  }
  if (it == files_.end()) {
    it = files_.emplace(path, FileState{first_position(*file, run), std::nullopt}).first;
  }
  FileState& state = it->second;
  if (!state.current || state.current->identity != file->identity()) {
    if (state.current) {
      if (state.rotated) {
        run.warn("\"" + path + "\" was rotated twice since the last read; the rest of the " +
                 "older file (from byte " + std::to_string(state.rotated->offset) +
                 ") is not read");
      }
      state.rotated = state.current;
    }
    state.current = Position{file->identity()};
  }
  drain_rotated(path, state, run);
  if (state.rotated) {
    // The new file waits until the old one is read to its end.
    run.out.stats.pending_bytes += file->size() - state.current->offset;
    return;
  }
  read_file(*file, *state.current, false, run);
}

void LogTailer::drain_rotated(const std::string& path, FileState& state, RunContext& run) {
  if (!state.rotated) return;
  // logrotate's (and most tools') name for the file just rotated; it is trusted only when
  // its inode is the one that was being read.
  const std::string old_path = path + ".1";
  FileIdentity id;
  if (!identity_of(old_path, id) || id != state.rotated->identity) {
    run.warn("\"" + path + "\" was replaced; the rest of its previous file (from byte " +
             std::to_string(state.rotated->offset) + ") was not found at \"" + old_path + "\"");
    state.rotated.reset();
    return;
  }
  Result<TailFile> old = TailFile::open(old_path);
  if (!old.ok() || old->identity() != state.rotated->identity) {
    run.warn(old.ok() ? "\"" + old_path + "\" changed while it was opened"
                      : old.status().message());
    state.rotated.reset();
    return;
  }
  read_file(*old, *state.rotated, true, run);
  if (state.rotated->offset >= old->size()) state.rotated.reset();
}

void LogTailer::feed(std::string_view lines, bool finish, RunContext& run) {
  const auto drain = [&] {
    while (const Record* rec = parser_.next()) {
      ++run.out.stats.records;
      if (rec->truncated) ++run.out.stats.truncated;
      run.deliver(*rec);
    }
  };
  if (!lines.empty()) {
    run.out.stats.lines += count_lines(lines);
    parser_.feed(lines, run.now_ms);
    drain();
  }
  if (finish) {
    parser_.finish();
    drain();
  }
}

void LogTailer::read_file(const TailFile& file, Position& pos, bool whole, RunContext& run) {
  if (file.size() < pos.offset) pos = Position{pos.identity};  // truncated in place
  const std::uint64_t size = file.size();
  if (pos.offset >= size) return;
  if (!run.may_read()) {
    run.out.stats.pending_bytes += size - pos.offset;
    return;
  }
  ++run.out.stats.files_read;
  // A record left unread last time is complete if nothing was written after it.
  const bool may_hold = !whole && size > pos.held_until;
  buffer_.clear();
  std::uint64_t buffer_at = pos.offset;  // the file offset of buffer_[0]
  std::uint64_t read_to = pos.offset;
  bool held = false;
  for (;;) {
    const std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>({options_.chunk_bytes, size - read_to, run.budget}));
    const std::size_t kept = buffer_.size();
    buffer_.resize(kept + want);
    const Result<std::size_t> got = file.read_at(read_to, buffer_.data() + kept, want);
    buffer_.resize(kept + (got.ok() ? got.value() : 0));
    if (!got.ok()) run.warn(got.status().message());
    const bool short_read = !got.ok() || got.value() < want;  // an error, or it shrank
    read_to += buffer_.size() - kept;
    run.budget -= buffer_.size() - kept;
    const bool more = !short_read && read_to < size && run.may_read();

    if (pos.skipping) {
      const std::size_t nl = buffer_.find('\n');
      const std::size_t skip = nl == std::string::npos ? buffer_.size() : nl + 1;
      buffer_.erase(0, skip);
      buffer_at += skip;
      run.out.stats.bytes += skip;
      pos.skipping = nl == std::string::npos;
    }
    const std::size_t last_nl = buffer_.rfind('\n');
    std::string_view lines(buffer_.data(), last_nl == std::string::npos ? 0 : last_nl + 1);
    if (!more && may_hold) {
      // Held only while the record and the partial line after it (which may continue it)
      // fit in one line limit: past it the parser would stop keeping the record anyway, and
      // a record held for ever would stop the file.
      const std::size_t open = open_record_start(lines, options_.max_line_bytes, zone(), scratch_);
      held = open != std::string_view::npos && buffer_.size() - open <= options_.max_line_bytes;
      if (held) lines = lines.substr(0, open);
    }
    std::size_t consumed = lines.size();
    feed(lines, false, run);
    const std::size_t partial = buffer_.size() - consumed;
    if (!held && partial > 0 && (partial > options_.max_line_bytes || (whole && !more))) {
      // A line past the limit is handed out cut now and its rest skipped: waiting for its
      // '\n' could mean reading it again every run. A rotated file's last line is complete.
      const bool cut = partial > options_.max_line_bytes;
      feed(std::string_view(buffer_).substr(consumed, options_.max_line_bytes + 1), false, run);
      pos.skipping = cut;
      consumed = buffer_.size();
    }
    buffer_.erase(0, consumed);
    buffer_at += consumed;
    run.out.stats.bytes += consumed;
    if (!more || held) break;
  }
  feed({}, true, run);
  pos.offset = buffer_at;  // a partial line left in buffer_ is read again next run
  pos.held_until = held ? read_to : 0;
  run.out.stats.pending_bytes += size - read_to;
}

}  // namespace kcheck::logs
