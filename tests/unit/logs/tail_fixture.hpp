// A temporary directory of log files and a tailer run that collects what it delivers, for
// the tailer's tests.
#pragma once

#include <dirent.h>
#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kcheck/cancel.hpp"
#include "logs/log_tailer.hpp"
#include "temp_dir.hpp"

namespace kcheck::tailtest {

/// The tests' "now": 2023-11-14T22:13:20.123Z.
inline constexpr std::int64_t kNow = 1'700'000'000'123;

using kcheck::test::TempDir;

inline void append(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

inline void overwrite(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

/// A one-line record in Lura's basic format whose message is `message`.
inline std::string basic_line(std::string_view message) {
  return "2024/01/17 11:24:25 KRAKEND INFO: " + std::string(message) + "\n";
}

/// `count` basic lines "<prefix><i>", i from `first`.
inline std::string basic_lines(std::string_view prefix, int first, int count) {
  std::string out;
  for (int i = first; i < first + count; ++i)
    out += basic_line(std::string(prefix) + std::to_string(i));
  return out;
}

/// The messages `basic_lines` writes.
inline std::vector<std::string> messages(std::string_view prefix, int first, int count) {
  std::vector<std::string> out;
  for (int i = first; i < first + count; ++i)
    out.push_back(std::string(prefix) + std::to_string(i));
  return out;
}

/// What the tests look at in a delivered record (its views die with the poll).
struct Seen {
  std::string message;
  logs::LogFormat format = logs::LogFormat::kUnparsed;
  bool truncated = false;
  std::size_t error_count = 0;
  std::string error_stack;
};

/// What one poll delivered.
struct Polled {
  logs::TailRun run;
  std::vector<std::string> messages;
  std::vector<Seen> records;
};

inline Polled poll(logs::LogTailer& tailer, const CancelToken& cancel = CancelToken(),
                   std::chrono::steady_clock::time_point deadline =
                       std::chrono::steady_clock::now() + std::chrono::minutes(1)) {
  Polled p;
  p.run = tailer.poll(deadline, cancel, kNow, [&](const logs::Record& rec) {
    p.messages.emplace_back(rec.message);
    p.records.push_back({std::string(rec.message), rec.format, rec.truncated, rec.error_count,
                         std::string(rec.error_stack)});
  });
  return p;
}

/// One file, krakend.log in its own directory, and a tailer of it (by default from the
/// beginning: most tests write first).
class OneLog {
 public:
  OneLog() : OneLog(from_start()) {}
  explicit OneLog(logs::TailerOptions options)
      : path_(dir_.file("krakend.log")), tailer_(with_path(std::move(options), path_)) {}

  const std::string& path() const noexcept { return path_; }
  void add(std::string_view text) const { append(path_, text); }
  Polled poll(const CancelToken& cancel = CancelToken()) { return tailtest::poll(tailer_, cancel); }
  /// Moves the file to `<path>.1`, as logrotate's rename rotation does.
  void rotate() const { std::filesystem::rename(path_, path_ + ".1"); }

 private:
  static logs::TailerOptions from_start() {
    logs::TailerOptions options;
    options.start_position = logs::StartPosition::kBeginning;
    return options;
  }
  static logs::TailerOptions with_path(logs::TailerOptions options, const std::string& path) {
    options.log_files = {path};
    return options;
  }

  TempDir dir_;
  std::string path_;
  logs::LogTailer tailer_;
};

/// The descriptors the process has open now.
inline int open_fds() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d) != nullptr) ++n;
    ::closedir(d);
  }
  return n;
}

}  // namespace kcheck::tailtest
