// Gin's access lines (both layouts, colours, old unquoted paths, IPv6) and the `Error #NN:`
// and `Meta:` lines that belong to them; Go durations.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "logs/formats.hpp"
#include "logs_driver.hpp"

using kcheck::logstest::Case;
using kcheck::logstest::records;

TEST_CASE("Gin access lines of both layouts become gin records", "[logs][gin]") {
  const auto c = GENERATE(values<Case>({
      {"Gin <= 1.11 with an error line (krakend-ce#885)",
       "[GIN] 2024/05/30 - 19:08:07 | 200 |  143.655729ms |   83.33.197.234 | GET      "
       "\"/v2/user/profile\"\nError #01: context canceled\n",
       R"({"timestamp":"2024-05-30T19:08:07.000Z","status":"info","message":"[GIN] 2024/05/30 )"
       R"(- 19:08:07 | 200 |  143.655729ms |   83.33.197.234 | GET      \"/v2/user/profile\"\n)"
       R"(Error #01: context canceled","logger":{"name":"gin"},)"
       R"("krakend":{"format":"gin","errors":["context canceled"]},)"
       R"("http":{"status_code":200,"method":"GET","url":"/v2/user/profile"},)"
       R"("network":{"client":{"ip":"83.33.197.234"}},"duration":143655729,)"
       R"("error":{"message":"context canceled","kind":"canceled"}})"
       "\n"},
      {"Gin 1.12 with colours: a 5xx is an error, the colours leave the message",
       "[GIN] 2024/05/30 - 19:08:07 |\x1b[97;41m 502 \x1b[0m|\x1b[97;43m   1.00023s \x1b[0m|"
       "        10.0.0.1 |\x1b[97;44m GET     \x1b[0m \"/a?b=1\"\n",
       R"({"timestamp":"2024-05-30T19:08:07.000Z","status":"error","message":"[GIN] 2024/05/30 )"
       R"(- 19:08:07 | 502 |   1.00023s |        10.0.0.1 | GET      \"/a?b=1\"",)"
       R"("logger":{"name":"gin"},"krakend":{"format":"gin"},)"
       R"("http":{"status_code":502,"method":"GET","url":"/a?b=1"},)"
       R"("network":{"client":{"ip":"10.0.0.1"}},"duration":1000230000})"
       "\n"},
      {"Gin 1.12's %8v latency in minutes (krakend-ce#836)",
       "[GIN] 2024/01/01 - 10:00:25 | 500 |    1m0s |        *.*.*.* | POST     "
       "\"/api/endpoint\"\n",
       R"({"timestamp":"2024-01-01T10:00:25.000Z","status":"error","message":"[GIN] 2024/01/01 )"
       R"(- 10:00:25 | 500 |    1m0s |        *.*.*.* | POST     \"/api/endpoint\"",)"
       R"("logger":{"name":"gin"},"krakend":{"format":"gin"},)"
       R"("http":{"status_code":500,"method":"POST","url":"/api/endpoint"},)"
       R"("network":{"client":{"ip":"*.*.*.*"}},"duration":60000000000})"
       "\n"},
      {"an old unquoted path with a query, IPv6 and a 4xx warning",
       "[GIN] 2017/01/01 - 00:00:00 | 404 |      12\xC2\xB5s | 2001:db8:85a3::8a2e:370:7334 | "
       "DELETE  /missing?x=1 \n",
       R"({"timestamp":"2017-01-01T00:00:00.000Z","status":"warning","message":"[GIN] )"
       R"(2017/01/01 - 00:00:00 | 404 |      12µs | 2001:db8:85a3::8a2e:370:7334 | DELETE  )"
       R"(/missing?x=1","logger":{"name":"gin"},"krakend":{"format":"gin"},)"
       R"("http":{"status_code":404,"method":"DELETE","url":"/missing?x=1"},)"
       R"("network":{"client":{"ip":"2001:db8:85a3::8a2e:370:7334"}},"duration":12000})"
       "\n"},
      {"Gin <= 1.11's %13v latency of whole seconds",
       "[GIN] 2018/12/07 - 09:11:42 | 200 |            5s |     20.20.20.20 | GET      \"/\"\n",
       R"({"timestamp":"2018-12-07T09:11:42.000Z","status":"info","message":"[GIN] 2018/12/07 )"
       R"(- 09:11:42 | 200 |            5s |     20.20.20.20 | GET      \"/\"",)"
       R"("logger":{"name":"gin"},"krakend":{"format":"gin"},)"
       R"("http":{"status_code":200,"method":"GET","url":"/"},)"
       R"("network":{"client":{"ip":"20.20.20.20"}},"duration":5000000000})"
       "\n"},
      {"a Go-quoted path with escapes is unquoted",
       "[GIN] 2024/05/30 - 19:08:07 | 200 |       5s |     20.20.20.20 | GET      "
       "\"/caf\\u00e9/\\\"q\\\"\\x41\"\n",
       R"({"timestamp":"2024-05-30T19:08:07.000Z","status":"info","message":"[GIN] 2024/05/30 )"
       R"(- 19:08:07 | 200 |       5s |     20.20.20.20 | GET      \"/caf\\u00e9/\\\"q\\\"\\x41\"",)"
       R"("logger":{"name":"gin"},"krakend":{"format":"gin"},)"
       R"("http":{"status_code":200,"method":"GET","url":"/café/\"q\"A"},)"
       R"("network":{"client":{"ip":"20.20.20.20"}},"duration":5000000000})"
       "\n"},
      {"several errors and a Meta line stay in one record",
       "[GIN] 2024/05/30 - 19:08:07 | 500 |    1.234s |  10.0.0.1 | POST     \"/orders\"\n"
       "Error #01: invalid status code\n"
       "Error #02: context deadline exceeded\n"
       "     Meta: map[backend:/b]\n",
       R"({"timestamp":"2024-05-30T19:08:07.000Z","status":"error","message":"[GIN] 2024/05/30 )"
       R"(- 19:08:07 | 500 |    1.234s |  10.0.0.1 | POST     \"/orders\"\nError #01: invalid )"
       R"(status code\nError #02: context deadline exceeded\n     Meta: map[backend:/b]",)"
       R"("logger":{"name":"gin"},"krakend":{"format":"gin",)"
       R"("errors":["invalid status code","context deadline exceeded"]},)"
       R"("http":{"status_code":500,"method":"POST","url":"/orders"},)"
       R"("network":{"client":{"ip":"10.0.0.1"}},"duration":1234000000,)"
       R"("error":{"message":"invalid status code","kind":"invalid_status"}})"
       "\n"},
      {"docker compose prefixes on the access line and its error line",
       "krakend_1   | [GIN] 2022/06/23 - 11:16:48 | 500 |     12.7625ms |      172.18.0.1 | GET "
       "     \"/circuit-breaker\"\nkrakend_1   | Error #01: circuit breaker is open\n",
       R"({"timestamp":"2022-06-23T11:16:48.000Z","status":"error","message":"[GIN] 2022/06/23 )"
       R"(- 11:16:48 | 500 |     12.7625ms |      172.18.0.1 | GET      \"/circuit-breaker\"\n)"
       R"(krakend_1   | Error #01: circuit breaker is open","logger":{"name":"gin"},)"
       R"("krakend":{"format":"gin","errors":["circuit breaker is open"]},)"
       R"("http":{"status_code":500,"method":"GET","url":"/circuit-breaker"},)"
       R"("network":{"client":{"ip":"172.18.0.1"}},"duration":12762500,)"
       R"("error":{"message":"circuit breaker is open","kind":"circuit_open"}})"
       "\n"},
      {"an error line whose access line was never seen", "Error #01: context canceled\n",
       R"({"timestamp":"2023-11-14T22:13:20.123Z","status":"error",)"
       R"("message":"Error #01: context canceled","logger":{"name":"gin"},)"
       R"("krakend":{"format":"gin","errors":["context canceled"]},)"
       R"("error":{"message":"context canceled","kind":"canceled"}})"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}

TEST_CASE("a Go duration reads as integer nanoseconds", "[logs][gin]") {
  struct Row {
    std::string text;
    std::int64_t ns;
  };
  const auto row = GENERATE(values<Row>({
      {"143.655729ms", 143'655'729},
      {"1m0s", 60'000'000'000},
      {"5s", 5'000'000'000},
      {"12\xC2\xB5s", 12'000},  // U+00B5, Go's spelling
      {"12\xCE\xBCs", 12'000},  // U+03BC
      {"850ns", 850},
      {"1.5us", 1'500},
      {"2743h29m0s", 9'876'540'000'000'000},
      {"1h2m3.5s", 3'723'500'000'000},
      {"0s", 0},
      {"2562047h47m16.854775807s", 9'223'372'036'854'775'807},  // the largest Go duration
  }));
  std::int64_t ns = -1;
  INFO(row.text);
  REQUIRE(kcheck::logs::parse_go_duration(row.text, ns));
  CHECK(ns == row.ns);
}

TEST_CASE("what is not a Go duration is refused", "[logs][gin]") {
  const std::string text =
      GENERATE("", "5", "ms", "1x", "-1s", ".5s", "1 s", "99999999999999999999h", "3000000h",
               "2562047h47m16.854775808s");
  std::int64_t ns = 0;
  INFO(text);
  CHECK_FALSE(kcheck::logs::parse_go_duration(text, ns));
}
