// log_output (NdjsonOutput) and the krakend.api.logs.* counts (LogCounts).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "logs/log_counts.hpp"
#include "logs/ndjson_output.hpp"
#include "temp_dir.hpp"

using kcheck::logs::ErrorKind;
using kcheck::logs::LogCounts;
using kcheck::logs::LogFormat;
using kcheck::logs::LoggerName;
using kcheck::logs::NdjsonOutput;
using kcheck::logs::Record;
using kcheck::logs::Severity;
using kcheck::test::TempDir;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

int open_fds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

/// "metric tag,tag = value" for every series a LogCounts visits, sorted.
std::vector<std::string> series(const LogCounts& counts) {
  std::vector<std::string> out;
  counts.visit(
      [&](std::string_view metric, std::span<const std::string_view> tags, std::uint64_t value) {
        std::string key(metric);
        for (std::size_t i = 0; i < tags.size(); ++i) {
          key += i == 0 ? " " : ",";
          key += tags[i];
        }
        out.push_back(key + " = " + std::to_string(value));
      });
  std::sort(out.begin(), out.end());
  return out;
}

Record access(int status, std::string_view method) {
  Record r;
  r.format = LogFormat::kGin;
  r.logger = LoggerName::kGin;
  r.http_status = status;
  r.http_method = method;
  r.status = status >= 500 ? Severity::kError : Severity::kInfo;
  return r;
}

}  // namespace

TEST_CASE("log_output appends one JSON object per line and holds no descriptor", "[logs][output]") {
  TempDir dir;
  const std::string path = dir.file("out.ndjson");
  NdjsonOutput out(path, 1 << 20);
  const int fds = open_fds();
  out.append(R"({"message":"a"})");
  out.append(R"({"message":"b"})");
  CHECK(lines_of(path).empty());  // buffered until the flush
  out.flush();
  CHECK(open_fds() == fds);
  out.append(R"({"message":"c"})");
  out.flush();
  CHECK(lines_of(path) ==
        std::vector<std::string>{R"({"message":"a"})", R"({"message":"b"})", R"({"message":"c"})"});
  CHECK(out.take_problems().empty());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
}

TEST_CASE("log_output is rotated to .1 before it would pass its cap, and never grows past it",
          "[logs][output]") {
  TempDir dir;
  const std::string path = dir.file("out.ndjson");
  const std::string record(99, 'x');  // 100 bytes a line with its newline
  NdjsonOutput out(path, 1000);
  for (int i = 0; i < 25; ++i) {
    out.append(record);
    out.flush();
    CHECK(std::filesystem::file_size(path) <= 1000);
  }
  // 25 lines: 10 went to a .1 that the second rotation replaced, 10 are in .1, 5 in the file.
  CHECK(lines_of(path + ".1").size() == 10);
  CHECK(lines_of(path).size() == 5);
  CHECK(out.take_problems().empty());
}

TEST_CASE("records log_output cannot write are counted and named, never block the run",
          "[logs][output]") {
  TempDir dir;
  SECTION("a folder that does not exist") {
    NdjsonOutput out(dir.file("missing/out.ndjson"), 1 << 20);
    out.append("{}");
    out.append("{}");
    out.flush();
    const std::string problem = out.take_problems();
    CHECK_THAT(problem, Catch::Contains(dir.file("missing/out.ndjson")) &&
                            Catch::Contains("2 records not written") &&
                            Catch::Contains("No such file"));
    CHECK(out.take_problems().empty());  // said once
  }
  SECTION("a FIFO in its place") {
    REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
    NdjsonOutput out(dir.file("fifo"), 1 << 20);
    out.append("{}");
    out.flush();
    // Refused either way: no reader (ENXIO on a non-blocking open) or not a regular file.
    CHECK_THAT(out.take_problems(),
               Catch::Contains(dir.file("fifo")) && Catch::Contains("1 record not written"));
  }
  SECTION("a symlink in its place is not followed") {
    const std::string target = dir.file("elsewhere");
    std::filesystem::create_symlink(target, dir.file("link"));
    NdjsonOutput out(dir.file("link"), 1 << 20);
    out.append("{}");
    out.flush();
    CHECK_FALSE(out.take_problems().empty());
    CHECK_FALSE(std::filesystem::exists(target));
  }
}

TEST_CASE("the log counts: records by level and logger, requests, errors, panics, unparsed",
          "[logs][counts]") {
  LogCounts counts;
  counts.add(access(200, "GET"));
  counts.add(access(200, "GET"));
  counts.add(access(503, "POST"));
  counts.add(access(404, "BREW"));  // a method that is not HTTP's
  counts.add(access(1000, "GET"));  // a status no server sends
  Record error;
  error.format = LogFormat::kBasic;
  error.status = Severity::kError;
  error.error_kind = ErrorKind::kTimeout;
  counts.add(error);
  Record panic;
  panic.format = LogFormat::kPanic;
  panic.logger = LoggerName::kRuntime;
  panic.status = Severity::kCritical;
  counts.add(panic);
  Record unparsed;
  counts.add(unparsed);
  counts.add_bytes(1234);
  const auto s = series(counts);
  CHECK(
      s ==
      sorted(
          {"bytes = 1234", "errors error_kind:timeout = 1",
           "lines level:critical,logger:runtime = 1", "lines level:error,logger:gin = 2",
           "lines level:error,logger:krakend = 1", "lines level:info,logger:gin = 3",
           "lines level:info,logger:krakend = 1", "panics = 1",
           "requests http_response_status_code:200,code_class:2xx,http_request_method:GET = 2",
           "requests http_response_status_code:404,code_class:4xx,http_request_method:_OTHER = 1",
           "requests http_response_status_code:503,code_class:5xx,http_request_method:POST = 1",
           "requests http_response_status_code:other,code_class:other,http_request_method:GET = 1",
           "unparsed = 1"}));
}

TEST_CASE("before any record, only the byte count is a series", "[logs][counts]") {
  LogCounts counts;
  CHECK(series(counts) == sorted({"bytes = 0"}));
}
