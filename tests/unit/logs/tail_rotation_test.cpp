// Files that are rotated, truncated in place, or vanish between runs: no line is lost or
// read twice when a run happens between two rotations; a missing file is a warning.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tail_fixture.hpp"

using kcheck::tailtest::append;
using kcheck::tailtest::basic_lines;
using kcheck::tailtest::messages;
using kcheck::tailtest::OneLog;
using kcheck::tailtest::overwrite;

namespace {

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// A log whose first `count` lines "a0".. have been read.
void read_first(OneLog& log, int count) {
  log.add(basic_lines("a", 0, count));
  REQUIRE(log.poll().messages == messages("a", 0, count));
}

}  // namespace

TEST_CASE("rename rotation: the old file is finished, then the new one read from its start",
          "[logs][tail]") {
  OneLog log;
  read_first(log, 3);
  log.add(basic_lines("a", 3, 2));
  log.rotate();
  log.add(basic_lines("b", 0, 2));
  const auto p = log.poll();
  CHECK(p.messages == concat(messages("a", 3, 2), messages("b", 0, 2)));
  CHECK(p.run.warnings.empty());
  log.add(basic_lines("b", 2, 1));
  CHECK(log.poll().messages == messages("b", 2, 1));
}

TEST_CASE("a rotation seen before the new file exists loses nothing", "[logs][tail]") {
  OneLog log;
  read_first(log, 1);
  log.add(basic_lines("a", 1, 1));
  log.rotate();
  const auto between = log.poll();
  CHECK(between.messages == messages("a", 1, 1));
  CHECK(between.run.warnings.size() == 1);  // the path itself is missing
  log.add(basic_lines("b", 0, 2));
  CHECK(log.poll().messages == messages("b", 0, 2));
}

TEST_CASE("a replaced file whose old one is gone is read from its start, with a warning",
          "[logs][tail]") {
  OneLog log;
  read_first(log, 1);
  // Written aside and renamed over it: the new file cannot reuse the old inode.
  append(log.path() + ".new", basic_lines("b", 0, 2));
  std::filesystem::rename(log.path() + ".new", log.path());
  const auto p = log.poll();
  CHECK(p.messages == messages("b", 0, 2));
  REQUIRE(p.run.warnings.size() == 1);
  CHECK_THAT(p.run.warnings[0], Catch::Contains(log.path() + ".1"));
}

TEST_CASE("copytruncate: a file shorter than the offset is read again from its start",
          "[logs][tail]") {
  OneLog log;
  read_first(log, 4);
  overwrite(log.path(), basic_lines("b", 0, 2));  // same inode, truncated, then written
  const auto p = log.poll();
  CHECK(p.messages == messages("b", 0, 2));
  CHECK(p.run.warnings.empty());
  log.add(basic_lines("b", 2, 1));
  CHECK(log.poll().messages == messages("b", 2, 1));
}

TEST_CASE("a vanished file is a warning naming it, and is read again when it comes back",
          "[logs][tail]") {
  OneLog log;
  read_first(log, 1);
  std::filesystem::remove(log.path());
  const auto gone = log.poll();
  CHECK(gone.messages.empty());
  CHECK(gone.run.status.ok());
  CHECK(gone.run.stats.warnings == gone.run.warnings.size());
  REQUIRE_FALSE(gone.run.warnings.empty());
  CHECK_THAT(gone.run.warnings[0], Catch::Contains(log.path()) && Catch::Contains("No such file"));
  log.add(basic_lines("b", 0, 2));
  const auto back = log.poll();
  CHECK(back.messages == messages("b", 0, 2));
  CHECK(back.run.warnings.empty());
}

TEST_CASE("a file never seen is a warning every run until it exists", "[logs][tail]") {
  OneLog log;
  for (int run = 0; run < 2; ++run) {
    const auto p = log.poll();
    REQUIRE(p.run.warnings.size() == 1);
    CHECK_THAT(p.run.warnings[0], Catch::Contains(log.path()));
  }
  log.add(basic_lines("a", 0, 1));
  CHECK(log.poll().messages == messages("a", 0, 1));
}
