// The pull API over chunks: records that span chunks are held until their end is known,
// finish() completes them, and any cut at line boundaries gives the same records.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "logs_driver.hpp"

using kcheck::logstest::kNow;
using kcheck::logstest::line_chunks;
using kcheck::logstest::records;
using kcheck::logstest::records_of_chunks;

namespace {

// One of each format, multi-line records in the middle and at the end.
const std::string kMixed =
    "2024/01/17 11:24:25 KRAKEND INFO: Starting KrakenD v2.6.3\n"
    "[GIN] 2024/05/30 - 19:08:07 | 500 |  143.655729ms |   83.33.197.234 | GET      \"/a\"\n"
    "Error #01: context canceled\n"
    "Error #02: invalid status code\n"
    "[KRAKEND] 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 ERROR [ENDPOINT: /a] context canceled\n"
    "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n"
    "{\"@timestamp\":\"2022-06-15T15:37:02.619+00:00\", \"@version\": 1, \"level\": \"INFO\", "
    "\"message\": \"m\", \"module\": \"KRAKEND\"}\n"
    "Jan 17 11:24:25 gw krakend[812]: ERROR > [ENDPOINT: /x] context canceled\n"
    "[GIN] 2024/05/30 - 19:08:08 | 200 |       5s |     20.20.20.20 | GET      \"/\"\n"
    "Error #01: context deadline exceeded\n";

}  // namespace

TEST_CASE("feeding line by line gives the records of one chunk", "[logs][api]") {
  const std::string whole = records(kMixed);
  CHECK(std::count(whole.begin(), whole.end(), '\n') == 7);
  CHECK(records_of_chunks(line_chunks(kMixed)) == whole);
}

TEST_CASE("every cut of the input at a line boundary gives the same records", "[logs][api]") {
  const std::string whole = records(kMixed);
  const std::vector<std::string_view> lines = line_chunks(kMixed);
  for (std::size_t cut = 1; cut < lines.size(); ++cut) {
    const std::size_t at = static_cast<std::size_t>(lines[cut].data() - kMixed.data());
    INFO(cut);
    CHECK(records_of_chunks({std::string_view(kMixed).substr(0, at),
                             std::string_view(kMixed).substr(at)}) == whole);
  }
}

TEST_CASE("an access line at the end of a chunk waits for the next chunk", "[logs][api]") {
  kcheck::logs::LogParser parser;
  const std::string first =
      "[GIN] 2024/05/30 - 19:08:07 | 500 |      1ms |  10.0.0.1 | GET      \"/a\"\n";
  parser.feed(first, kNow);
  CHECK(parser.next() == nullptr);
  const std::string second = "Error #01: context canceled\n";
  parser.feed(second, kNow);
  CHECK(parser.next() == nullptr);  // more errors may follow
  parser.finish();
  const kcheck::logs::Record* rec = parser.next();
  REQUIRE(rec != nullptr);
  CHECK(rec->error_count == 1);
  CHECK(rec->errors[0] == "context canceled");
  CHECK(rec->http_url == "/a");
  CHECK(parser.next() == nullptr);
}

TEST_CASE("finish() with nothing held returns no record", "[logs][api]") {
  kcheck::logs::LogParser parser;
  parser.finish();
  CHECK(parser.next() == nullptr);
  parser.feed("", kNow);
  CHECK(parser.next() == nullptr);
}

TEST_CASE("a line with no final newline is a complete line", "[logs][api]") {
  CHECK(records("2024/01/17 11:24:25 KRAKEND INFO: a") ==
        R"({"timestamp":"2024-01-17T11:24:25.000Z","status":"info","message":"a",)"
        R"("logger":{"name":"krakend"},"krakend":{"format":"basic"}})"
        "\n");
}

TEST_CASE("a parser moved while it holds a record keeps its zone and the record", "[logs][api]") {
  const auto zone = kcheck::logs::TimeZone::load("+02:00");
  REQUIRE(zone.ok());
  kcheck::logs::LogParser first({&zone.value()});
  first.feed("panic: boom\n", kNow);
  CHECK(first.next() == nullptr);
  std::vector<kcheck::logs::LogParser> parsers;
  parsers.push_back(std::move(first));
  parsers.emplace_back();  // a second one in the vector: the first is moved again
  kcheck::logs::LogParser& moved = parsers.front();
  moved.feed("goroutine 1 [running]:\n2024/01/17 11:24:25 KRAKEND INFO: a\n", kNow);
  const kcheck::logs::Record* panic = moved.next();
  REQUIRE(panic != nullptr);
  CHECK(panic->error_stack == "goroutine 1 [running]:");
  const kcheck::logs::Record* basic = moved.next();
  REQUIRE(basic != nullptr);
  CHECK(basic->timestamp_ms == 1'705'483'465'000);  // 2024-01-17T09:24:25Z
}
