// host-stub's JSON lines: escaping, numbers with round-trip precision, the exact line shapes.
#include "json_writer.hpp"

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "reporter.hpp"

using namespace kcheck::stub;

namespace {
std::string str(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}
std::string num(double v) {
  std::string out;
  append_json_number(out, v);
  return out;
}
}  // namespace

TEST_CASE("strings are escaped as JSON requires", "[host-stub][json]") {
  const auto [in, out] = GENERATE(table<std::string, std::string>({
      {"", R"("")"},
      {"plain", R"("plain")"},
      {"a\"b\\c", R"("a\"b\\c")"},
      {"line\nbreak\ttab\r", R"("line\nbreak\ttab\r")"},
      {std::string("nul\0x", 5), R"("nul\u0000x")"},
      {"\x01\x1f\x7f", R"("\u0001\u001f\u007f")"},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
  }));
  CHECK(str(in) == out);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD so that every line stays valid JSON", "[host-stub][json]") {
  const auto [in, out] = GENERATE(table<std::string, std::string>({
      {"\xff", "\"\xef\xbf\xbd\""},
      {"a\xc3", "\"a\xef\xbf\xbd\""},                                // truncated sequence
      {"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},                  // overlong
      {"\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},  // surrogate
  }));
  CHECK(str(in) == out);
}

TEST_CASE("numbers are written shortest and read back to the same double", "[host-stub][json]") {
  const double v = GENERATE(0.0, 1.0, -2.5, 0.1, 1e-05, 1.8446744073709552e+19, 6.016985377,
                            std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
                            123456789012345.0);
  const std::string s = num(v);
  double back = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), back);
  CHECK(ec == std::errc());
  CHECK(p == s.data() + s.size());
  CHECK(back == v);
}

TEST_CASE("non-finite numbers are written as strings", "[host-stub][json]") {
  CHECK(num(std::nan("")) == R"("nan")");
  CHECK(num(std::numeric_limits<double>::infinity()) == R"("inf")");
  CHECK(num(-std::numeric_limits<double>::infinity()) == R"("-inf")");
}

TEST_CASE("a metric line has the documented shape", "[host-stub][json]") {
  MetricRecord m;
  m.type = KCHECK_METRIC_MONOTONIC_COUNT;
  m.name = "krakend.api.proxy_duration.count";
  m.value = 3;
  m.tags = {"a:b", "endpoint:http://x"};
  m.flush_first_value = true;
  CHECK(json_line(Submission(m)) ==
        R"({"kind":"metric","type":"monotonic_count","name":"krakend.api.proxy_duration.count",)"
        R"("value":3,"tags":["a:b","endpoint:http://x"],"hostname":"","flush_first_value":true})");
}

TEST_CASE("a service check line has the documented shape", "[host-stub][json]") {
  ServiceCheckRecord sc;
  sc.status = KCHECK_SERVICE_CHECK_CRITICAL;
  sc.name = "krakend.api.openmetrics.health";
  sc.message = "connection refused";
  CHECK(json_line(Submission(sc)) ==
        R"({"kind":"service_check","name":"krakend.api.openmetrics.health","status":2,)"
        R"("tags":[],"hostname":"","message":"connection refused"})");
}

TEST_CASE("a histogram bucket line has the documented shape", "[host-stub][json]") {
  BucketRecord b;
  b.name = "krakend.api.http_server.duration";
  b.value = 12;
  b.lower_bound = -std::numeric_limits<double>::infinity();
  b.upper_bound = 0.05;
  b.monotonic = true;
  b.hostname = "gw1";
  CHECK(json_line(Submission(b)) ==
        R"({"kind":"histogram_bucket","name":"krakend.api.http_server.duration","value":12,)"
        R"("lower_bound":"-inf","upper_bound":0.05,"monotonic":true,"tags":[],"hostname":"gw1",)"
        R"("flush_first_value":false})");
}

TEST_CASE("a run_end line has the documented shape", "[host-stub][json]") {
  RunEnd ok;
  ok.instance = 0;
  ok.run = 1;
  ok.status_name = "ok";
  ok.duration_ms = 4.213;
  ok.submissions = 109;
  CHECK(json_line(ok) == R"({"kind":"run_end","instance":0,"run":1,"status":"ok","error":null,)"
                         R"("duration_ms":4.213,"submissions":109})");
  RunEnd failed = ok;
  failed.instance = 2;
  failed.run = 3;
  failed.status = KCHECK_STATUS_UNAVAILABLE;
  failed.status_name = "unavailable";
  failed.error = "connection refused to 127.0.0.1:1";
  failed.submissions = 1;
  CHECK(json_line(failed) ==
        R"({"kind":"run_end","instance":2,"run":3,"status":"unavailable",)"
        R"("error":"connection refused to 127.0.0.1:1","duration_ms":4.213,"submissions":1})");
}
