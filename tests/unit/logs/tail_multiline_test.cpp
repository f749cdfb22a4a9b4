// Records of several lines (an access line and its errors, a panic and its stack) whose
// lines arrive in two runs are delivered once, whole, in the second.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tail_fixture.hpp"

using kcheck::logs::LogFormat;
using kcheck::tailtest::basic_line;
using kcheck::tailtest::OneLog;

namespace {

const std::string kAccess =
    "[GIN] 2024/05/30 - 19:08:07 | 500 |      1ms |  10.0.0.1 | GET      \"/a\"\n";
const std::string kPanic = "panic: assignment to entry in nil map\n";
const std::string kStack = "\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1d\n";

}  // namespace

TEST_CASE("a multi-line record split across two runs is delivered once and whole", "[logs][tail]") {
  struct Row {
    std::string name;
    std::string first;
    std::string second;
    LogFormat format;
    std::size_t errors;
    std::string stack;
  };
  const Row row = GENERATE_REF(values<Row>({
      {"access line, then its errors", basic_line("before") + kAccess,
       "Error #01: context canceled\nError #02: invalid status code\n" + basic_line("after"),
       LogFormat::kGin, 2, ""},
      {"access line and one error, then another",
       basic_line("before") + kAccess + "Error #01: context canceled\n",
       "Error #02: invalid status code\n" + basic_line("after"), LogFormat::kGin, 2, ""},
      {"panic, then its stack", basic_line("before") + kPanic, kStack + basic_line("after"),
       LogFormat::kPanic, 0, "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1d"},
  }));
  INFO(row.name);
  OneLog log;
  log.add(row.first);
  CHECK(log.poll().messages == std::vector<std::string>{"before"});
  log.add(row.second);
  const auto p = log.poll();
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].format == row.format);
  CHECK(p.records[0].error_count == row.errors);
  CHECK(p.records[0].error_stack == row.stack);
  CHECK(p.records[1].message == "after");
  CHECK(log.poll().messages.empty());
}

TEST_CASE("a record left open is delivered by the next run even if nothing follows",
          "[logs][tail]") {
  OneLog log;
  log.add(kAccess + "Error #01: context canceled\n");
  const auto first = log.poll();
  CHECK(first.records.empty());
  CHECK(first.run.stats.bytes == 0);
  const auto second = log.poll();
  REQUIRE(second.records.size() == 1);
  CHECK(second.records[0].format == LogFormat::kGin);
  CHECK(second.records[0].error_count == 1);
  CHECK(log.poll().records.empty());
}

TEST_CASE("a record open where the byte budget stops a run is read whole in the next",
          "[logs][tail]") {
  kcheck::logs::TailerOptions options;
  options.start_position = kcheck::logs::StartPosition::kBeginning;
  options.max_line_bytes = 1024;
  options.max_bytes_per_run = 1025;
  OneLog log(options);
  // The budget ends inside the errors of the access line: it is left for the next run.
  const std::string filler = kcheck::tailtest::basic_lines("f", 0, 20);  // about 800 bytes
  log.add(filler + kAccess + "Error #01: a\nError #02: b\nError #03: c\nError #04: d\n" +
          std::string(2000, 'z') + "\n" + basic_line("after"));
  std::vector<std::size_t> errors;
  for (int run = 0; run < 10; ++run) {
    for (const auto& rec : log.poll().records) {
      if (rec.format == LogFormat::kGin) errors.push_back(rec.error_count);
    }
  }
  CHECK(errors == std::vector<std::size_t>{4});
}
