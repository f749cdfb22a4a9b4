// What bounds a run: the byte budget, the deadline and cancel (between reads), files that
// are not regular, the number of files; and no descriptor outlives a run.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tail_fixture.hpp"

using kcheck::CancelToken;
using kcheck::StatusCode;
using kcheck::logs::LogTailer;
using kcheck::logs::StartPosition;
using kcheck::tailtest::append;
using kcheck::tailtest::basic_lines;
using kcheck::tailtest::messages;
using kcheck::tailtest::OneLog;
using kcheck::tailtest::open_fds;
using kcheck::tailtest::poll;
using kcheck::tailtest::TempDir;

TEST_CASE("log_max_bytes_per_run spreads a big file over several runs without loss",
          "[logs][tail]") {
  TempDir dir;
  const std::string log = dir.file("krakend.log");
  append(log, basic_lines("a", 0, 1000));  // about 45 KB
  LogTailer tailer({.log_files = {log},
                    .start_position = StartPosition::kBeginning,
                    .max_bytes_per_run = 10 * 1024,
                    .max_line_bytes = 1024,
                    .chunk_bytes = 4096});
  std::vector<std::string> all;
  int runs = 0;
  while (runs < 20) {
    ++runs;
    const auto p = poll(tailer);
    CHECK(p.run.status.ok());
    CHECK(p.run.stats.bytes <= 10 * 1024);
    all.insert(all.end(), p.messages.begin(), p.messages.end());
    if (p.run.stats.pending_bytes == 0) break;
  }
  CHECK(runs >= 4);  // 39 KB at most 10 KiB a run
  CHECK(all == messages("a", 0, 1000));
}

TEST_CASE("a FIFO among the files is skipped with a warning, without blocking", "[logs][tail]") {
  TempDir dir;
  REQUIRE(::mkfifo(dir.file("a.log").c_str(), 0600) == 0);
  append(dir.file("b.log"), basic_lines("b", 0, 2));
  LogTailer tailer({.log_files = {dir.file("*.log")}, .start_position = StartPosition::kBeginning});
  const auto p = poll(tailer);
  CHECK(p.messages == messages("b", 0, 2));
  REQUIRE(p.run.warnings.size() == 1);
  CHECK_THAT(p.run.warnings[0], Catch::Contains(dir.file("a.log")) && Catch::Contains("FIFO"));
}

TEST_CASE("a directory named by log_files is skipped with a warning", "[logs][tail]") {
  TempDir dir;
  LogTailer tailer({.log_files = {dir.file("")}});
  const auto p = poll(tailer);
  REQUIRE(p.run.warnings.size() == 1);
  CHECK_THAT(p.run.warnings[0], Catch::Contains("not a regular file (a directory)"));
}

TEST_CASE("matches past max_files are left out, with a warning", "[logs][tail]") {
  TempDir dir;
  for (const char* name : {"a.log", "b.log", "c.log"})
    append(dir.file(name), basic_lines(name, 0, 1));
  LogTailer tailer({.log_files = {dir.file("*.log")},
                    .start_position = StartPosition::kBeginning,
                    .max_files = 2});
  const auto p = poll(tailer);
  CHECK(p.messages == std::vector<std::string>{"a.log0", "b.log0"});
  REQUIRE(p.run.warnings.size() == 1);
  CHECK_THAT(p.run.warnings[0], Catch::Contains("3 files match, only the first 2"));
}

TEST_CASE("a run cancelled before it starts reads nothing and the next one reads it all",
          "[logs][tail]") {
  OneLog log;
  log.add(basic_lines("a", 0, 3));
  CancelToken cancel;
  cancel.cancel();
  const auto p = log.poll(cancel);
  CHECK(p.run.status.code() == StatusCode::kCancelled);
  CHECK(p.messages.empty());
  CHECK(p.run.stats.pending_bytes > 0);
  CHECK(log.poll().messages == messages("a", 0, 3));
}

TEST_CASE("a run past its deadline reads nothing and the next one reads it all", "[logs][tail]") {
  TempDir dir;
  const std::string log = dir.file("krakend.log");
  append(log, basic_lines("a", 0, 3));
  LogTailer tailer({.log_files = {log}, .start_position = StartPosition::kBeginning});
  const auto p = poll(tailer, CancelToken(), std::chrono::steady_clock::now());
  CHECK(p.run.status.code() == StatusCode::kDeadlineExceeded);
  CHECK(p.messages.empty());
  CHECK(poll(tailer).messages == messages("a", 0, 3));
}

TEST_CASE("a cancel during a read stops at the next chunk, and nothing is lost or repeated",
          "[logs][tail]") {
  TempDir dir;
  const std::string log = dir.file("krakend.log");
  append(log, basic_lines("a", 0, 500));
  LogTailer tailer({.log_files = {log},
                    .start_position = StartPosition::kBeginning,
                    .max_line_bytes = 1024,
                    .chunk_bytes = 2048});
  CancelToken cancel;
  std::vector<std::string> all;
  const auto run = tailer.poll(std::chrono::steady_clock::now() + std::chrono::minutes(1), cancel,
                               kcheck::tailtest::kNow, [&](const kcheck::logs::Record& rec) {
                                 all.emplace_back(rec.message);
                                 cancel.cancel();
                               });
  CHECK(run.status.code() == StatusCode::kCancelled);
  CHECK(all.size() < 500);
  CHECK(run.stats.pending_bytes > 0);
  const auto rest = poll(tailer);
  all.insert(all.end(), rest.messages.begin(), rest.messages.end());
  CHECK(all == messages("a", 0, 500));
}

TEST_CASE("no descriptor stays open after a run, whatever the files did", "[logs][tail]") {
  TempDir dir;
  const std::string log = dir.file("krakend.log");
  REQUIRE(::mkfifo(dir.file("fifo.log").c_str(), 0600) == 0);
  append(log, basic_lines("a", 0, 2));
  const int before = open_fds();
  {
    LogTailer tailer({.log_files = {dir.file("*.log"), dir.file("missing.log")},
                      .start_position = StartPosition::kBeginning});
    CHECK(poll(tailer).messages == messages("a", 0, 2));
    CHECK(open_fds() == before);
    append(log, basic_lines("a", 2, 1));
    std::filesystem::rename(log, log + ".1");
    append(log, basic_lines("b", 0, 1));
    CHECK(poll(tailer).messages == std::vector<std::string>{"a2", "b0"});
    CHECK(open_fds() == before);
    CancelToken cancel;
    cancel.cancel();
    (void)poll(tailer, cancel);
    CHECK(open_fds() == before);
  }
}

TEST_CASE("a pattern that matches nothing is a warning naming it", "[logs][tail]") {
  TempDir dir;
  LogTailer tailer({.log_files = {dir.file("*.log")}});
  const auto p = poll(tailer);
  CHECK(p.run.status.ok());
  REQUIRE(p.run.warnings.size() == 1);
  CHECK_THAT(p.run.warnings[0], Catch::Contains(dir.file("*.log")));
}
