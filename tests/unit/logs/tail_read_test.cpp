// The tailer between runs: what was appended is read once, from where the options say, and
// lines that are not complete yet wait for the run that completes them.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tail_fixture.hpp"

using kcheck::logs::LogTailer;
using kcheck::logs::StartPosition;
using kcheck::tailtest::append;
using kcheck::tailtest::basic_line;
using kcheck::tailtest::basic_lines;
using kcheck::tailtest::messages;
using kcheck::tailtest::OneLog;
using kcheck::tailtest::poll;
using kcheck::tailtest::TempDir;

using Messages = std::vector<std::string>;

TEST_CASE("lines appended between runs are delivered once each", "[logs][tail]") {
  OneLog log;
  log.add(basic_lines("a", 0, 3));
  CHECK(log.poll().messages == messages("a", 0, 3));
  log.add(basic_lines("a", 3, 2));
  const auto second = log.poll();
  CHECK(second.messages == messages("a", 3, 2));
  CHECK(second.run.status.ok());
  CHECK(second.run.warnings.empty());
  CHECK(log.poll().messages.empty());
}

TEST_CASE("a run counts its records, lines, bytes and files", "[logs][tail]") {
  TempDir dir;
  const std::string text = basic_lines("a", 0, 2) + "\n" + basic_line("b");
  append(dir.file("a.log"), text);
  append(dir.file("b.log"), basic_line("c"));
  LogTailer tailer({.log_files = {dir.file("*.log")}, .start_position = StartPosition::kBeginning});
  const auto p = poll(tailer);
  CHECK(p.run.stats.records == 4);  // the blank line is no record
  CHECK(p.run.stats.lines == 5);
  CHECK(p.run.stats.bytes == text.size() + basic_line("c").size());
  CHECK(p.run.stats.files_read == 2);
  CHECK(p.run.stats.truncated == 0);
  CHECK(p.run.stats.pending_bytes == 0);
}

TEST_CASE("log_start_position says where a file seen for the first time is read from",
          "[logs][tail]") {
  struct Row {
    StartPosition start;
    Messages first_run;
  };
  const Row row = GENERATE(
      values<Row>({{StartPosition::kEnd, {}}, {StartPosition::kBeginning, messages("old", 0, 2)}}));
  TempDir dir;
  const std::string path = dir.file("krakend.log");
  append(path, basic_lines("old", 0, 2));
  LogTailer tailer({.log_files = {path}, .start_position = row.start});
  CHECK(poll(tailer).messages == row.first_run);
  append(path, basic_line("new"));
  CHECK(poll(tailer).messages == Messages{"new"});
}

TEST_CASE("starting at the end skips the rest of a line already begun", "[logs][tail]") {
  TempDir dir;
  const std::string path = dir.file("krakend.log");
  append(path, basic_line("old") + "2024/01/17 11:24:25 KRAKEND INFO: half");
  LogTailer tailer({.log_files = {path}});
  CHECK(poll(tailer).messages.empty());
  append(path, " written\n" + basic_line("new"));
  CHECK(poll(tailer).messages == Messages{"new"});
}

TEST_CASE("a line without its newline waits for the run that completes it", "[logs][tail]") {
  OneLog log;
  log.add(basic_line("one") + "2024/01/17 11:24:25 KRAKEND INFO: tw");
  const auto first = log.poll();
  CHECK(first.messages == Messages{"one"});
  CHECK(first.run.stats.bytes == basic_line("one").size());
  log.add("o\n");
  CHECK(log.poll().messages == Messages{"two"});
  CHECK(log.poll().messages.empty());
}

TEST_CASE("a 1 MiB line is cut at the line limit and the next line is intact", "[logs][tail]") {
  OneLog log;
  const std::string huge = "2024/01/17 11:24:25 KRAKEND INFO: " + std::string(1024 * 1024, 'x');
  log.add(huge + "\n" + basic_line("after"));
  const auto p = log.poll();
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].truncated);
  CHECK(p.records[0].message.size() <= kcheck::logs::kDefaultMaxLineBytes);
  CHECK(p.records[1].message == "after");
  CHECK_FALSE(p.records[1].truncated);
  CHECK(p.run.stats.truncated == 1);
  CHECK(p.run.stats.bytes == huge.size() + 1 + basic_line("after").size());
}

TEST_CASE("a huge line still being written is cut once and its rest skipped", "[logs][tail]") {
  OneLog log;
  log.add("2024/01/17 11:24:25 KRAKEND INFO: " + std::string(300 * 1024, 'x'));
  const auto first = log.poll();
  REQUIRE(first.records.size() == 1);
  CHECK(first.records[0].truncated);
  log.add(std::string(1000, 'y') + "\n" + basic_line("after"));
  CHECK(log.poll().messages == Messages{"after"});
}

TEST_CASE("a file that appears after the first run is read from its beginning", "[logs][tail]") {
  TempDir dir;
  append(dir.file("a.log"), basic_line("old"));
  LogTailer tailer({.log_files = {dir.file("*.log")}});  // log_start_position: end
  CHECK(poll(tailer).messages.empty());
  append(dir.file("b.log"), basic_lines("b", 0, 2));
  CHECK(poll(tailer).messages == messages("b", 0, 2));
}

TEST_CASE("binary garbage is read as lines and the lines after it are intact", "[logs][tail]") {
  OneLog log;
  log.add(std::string("\0\xff\x01\x1b[31mjunk\r\n\0\0\n", 17) + basic_line("after"));
  const auto p = log.poll();
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[2].message == "after");
  CHECK(p.run.stats.lines == 3);
}
