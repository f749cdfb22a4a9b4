// `log_output`: the records appended to a file as NDJSON, one JSON object per line, for an
// agent that can tail files but cannot receive logs from a shared library (the Datadog Agent:
// `logs: [{type: file, path: <log_output>, source: krakend}]`).
//
// Size-capped with one rotation: when a write would take the file past max_bytes, the file is
// renamed to `<path>.1` (replacing it) and a new one is started, as logrotate's `rotate 1`
// does; the Agent's tailer follows a rename. The file is opened for each flush and closed
// after it: no descriptor is held between runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kcheck::logs {

class NdjsonOutput {
 public:
  NdjsonOutput(std::string path, std::uint64_t max_bytes);

  /// Buffers one record (its JSON object, without a newline); writes the buffer out when it
  /// has grown to a quarter of max_bytes (at most 1 MiB).
  void append(std::string_view json);

  /// Writes what is buffered. A failure (unwritable folder, a path that is not a regular
  /// file, a full disk) drops the buffered records, counts them and keeps the reason: the
  /// records still reach the host and the counts, and the next flush tries again.
  void flush();

  /// What the flushes since the last take_problems() could not write, as one message naming
  /// the path ("" when everything was written); resets the counts.
  std::string take_problems();

  /// Frees the buffer (an idle instance keeps nothing).
  void release_memory() noexcept;

  const std::string& path() const noexcept { return path_; }

 private:
  /// Opens the file for appending, rotating it first when `incoming` bytes would take it past
  /// the cap. Returns the descriptor or -1 with problem_ set.
  int open_for(std::uint64_t incoming);
  bool write_all(int fd);

  std::string path_;
  std::string rotated_path_;
  std::uint64_t max_bytes_;
  std::size_t flush_at_;
  std::string buffer_;
  std::uint64_t buffered_records_ = 0;
  std::uint64_t dropped_records_ = 0;
  std::string problem_;
};

}  // namespace kcheck::logs
