// "No allocation per line on the happy path", measured: this executable links
// tests/bench/alloc_counter.cpp, which replaces the global operator new/delete with counting
// versions. The parser allocates its arena and carry buffer when it is built; pulling
// records, whatever their format, redaction, unescaping and multi-line holding across
// chunks, must allocate nothing more, so N and 4N copies of the same lines both count zero.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "logs_driver.hpp"

namespace {

// Every format and every rewriting path: colours, Go-quoted escapes, JSON escapes, secrets,
// docker and syslog wrappers, access lines with errors, a panic with its stack.
const std::string kBlock =
    "[GIN] 2024/05/30 - 19:08:07 | 200 |  143.655729ms |   83.33.197.234 | GET      \"/a\"\n"
    "[KRAKEND] 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 ERROR [ENDPOINT: /a] Error #0: context "
    "canceled\n"
    "[GIN] 2024/05/30 - 19:08:07 |\x1b[97;41m 500 \x1b[0m|\x1b[97;43m   1.00023s \x1b[0m| "
    "  10.0.0.1 |\x1b[97;44m GET     \x1b[0m \"/caf\\u00e9?access_token=abc\"\n"
    "Error #01: invalid status code\nError #02: context canceled\n     Meta: map[a:b]\n"
    "2024/01/17 11:24:25 KRAKEND DEBUG: Authorization: Bearer abcdefghijklmnop\n"
    "{\"@timestamp\":\"2022-06-15T15:37:02.619+00:00\", \"@version\": 1, \"level\": \"INFO\", "
    "\"message\": \"say \"hi\"\", \"module\": \"KRAKEND\"}\n"
    "{\"@timestamp\":\"2018-05-16T10:02:47.000000+02:00\",\"@version\":1,\"host\":\"h\","
    "\"level\":\"DEBUG\",\"message\":\"a \\\"b\\\" \\u00e9\",\"module\":\"KRAKEND\"}\n"
    "krakend_1   | 2022/06/23 11:16:48 KRAKEND WARNING: [CB] went open\n"
    "Jan 17 11:24:25 gw krakend[812]: ERROR > [ENDPOINT: /x] context canceled\n"
    "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x25\n"
    "not a known format \xff\n";

// The last line is no format's, so it belongs to the panic's stack: 9 records a block.
constexpr std::size_t kRecordsPerBlock = 9;

std::string repeated(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += kBlock;
  return s;
}

/// Allocations while pulling every record of `chunks` (and writing its JSON into a buffer
/// that is cleared, not freed), after the parser and the buffer exist.
std::size_t allocations_pulling(const std::vector<std::string_view>& chunks, std::size_t& records) {
  kcheck::logs::LogParser parser;
  std::string json;
  json.reserve(1 << 16);
  records = 0;
  const auto pull = [&] {
    while (const kcheck::logs::Record* rec = parser.next()) {
      json.clear();
      kcheck::logs::append_record_json(json, *rec);
      ++records;
    }
  };
  kcheck::bench::AllocScope scope;
  for (const std::string_view chunk : chunks) {
    parser.feed(chunk, kcheck::logstest::kNow);
    pull();
  }
  parser.finish();
  pull();
  return scope.stop().allocations;
}

}  // namespace

TEST_CASE("pulling records of one chunk allocates nothing, whatever the line count",
          "[logs][alloc]") {
  for (const std::size_t n : {std::size_t{100}, std::size_t{400}}) {
    const std::string input = repeated(n);
    std::size_t records = 0;
    CHECK(allocations_pulling({input}, records) == 0);
    CHECK(records == kRecordsPerBlock * n);
  }
}

TEST_CASE("holding multi-line records across chunks allocates nothing", "[logs][alloc]") {
  for (const std::size_t n : {std::size_t{100}, std::size_t{400}}) {
    const std::string input = repeated(n);
    const auto chunks = kcheck::logstest::line_chunks(input);
    std::size_t records = 0;
    std::vector<std::string_view> copy(chunks);  // built before the count starts
    CHECK(allocations_pulling(copy, records) == 0);
    CHECK(records == kRecordsPerBlock * n);
  }
}
