// KrakenD's own line formats: Lura's BasicLogger, gologging's default pattern (colours,
// 6-letter levels, any prefix) and the body gologging sends to syslog, each line with the
// record expected, written by hand.
#include <catch2/catch.hpp>

#include "logs_driver.hpp"

using kcheck::logstest::Case;
using kcheck::logstest::records;

TEST_CASE("Lura's basic logger lines become basic records", "[logs][basic]") {
  const auto c = GENERATE(values<Case>({
      {"an endpoint error (krakend-ce#836)",
       "2024/01/17 11:24:25 KRAKEND ERROR: [ENDPOINT: /api/endpoint] context canceled\n",
       R"({"timestamp":"2024-01-17T11:24:25.000Z","status":"error",)"
       R"("message":"[ENDPOINT: /api/endpoint] context canceled","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"basic","component":"ENDPOINT","endpoint":"/api/endpoint"},)"
       R"("error":{"message":"context canceled","kind":"canceled"}})"
       "\n"},
      {"an empty prefix leaves two spaces", "2024/01/17 11:24:25  INFO: Starting KrakenD v2.6.3\n",
       R"({"timestamp":"2024-01-17T11:24:25.000Z","status":"info",)"
       R"("message":"Starting KrakenD v2.6.3","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"basic"}})"
       "\n"},
      {"a debug line of a backend has no error",
       "2023/03/01 08:00:00 KRAKEND DEBUG: [BACKEND: /users/{id}] Executing request\n",
       R"({"timestamp":"2023-03-01T08:00:00.000Z","status":"debug",)"
       R"("message":"[BACKEND: /users/{id}] Executing request","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"basic","component":"BACKEND","backend":"/users/{id}"}})"
       "\n"},
      {"a circuit breaker transition",
       "2022/06/23 11:16:48 KRAKEND WARNING: [CB] Circuit breaker named 'cb-1' went from "
       "'closed' to 'open'\n",
       R"({"timestamp":"2022-06-23T11:16:48.000Z","status":"warning",)"
       R"("message":"[CB] Circuit breaker named 'cb-1' went from 'closed' to 'open'",)"
       R"("logger":{"name":"krakend"},"krakend":{"format":"basic","component":"CB"}})"
       "\n"},
      {"behind docker compose's prefix, a breaker error",
       "krakend_1   | 2022/06/23 11:16:49 KRAKEND ERROR: [ENDPOINT: /circuit-breaker] Error #0: "
       "circuit breaker is open\n",
       R"({"timestamp":"2022-06-23T11:16:49.000Z","status":"error",)"
       R"("message":"[ENDPOINT: /circuit-breaker] Error #0: circuit breaker is open",)"
       R"("logger":{"name":"krakend"},)"
       R"("krakend":{"format":"basic","component":"ENDPOINT","endpoint":"/circuit-breaker"},)"
       R"("error":{"message":"circuit breaker is open","kind":"circuit_open"}})"
       "\n"},
      {"a numbered backend error at CRITICAL",
       "2023/03/01 08:00:00 KRAKEND CRITICAL: [ENDPOINT: /x] Error #1: invalid status code\n",
       R"({"timestamp":"2023-03-01T08:00:00.000Z","status":"critical",)"
       R"("message":"[ENDPOINT: /x] Error #1: invalid status code","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"basic","component":"ENDPOINT","endpoint":"/x"},)"
       R"("error":{"message":"invalid status code","kind":"invalid_status"}})"
       "\n"},
      {"a level with no arguments", "2023/03/01 08:00:00 KRAKEND FATAL:\n",
       R"({"timestamp":"2023-03-01T08:00:00.000Z","status":"critical","message":"",)"
       R"("logger":{"name":"krakend"},"krakend":{"format":"basic"}})"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}

TEST_CASE("gologging's default pattern becomes gologging records", "[logs][gologging]") {
  const auto c = GENERATE(values<Case>({
      {"an endpoint error (krakend-ce#885)",
       "[KRAKEND] 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 ERROR [ENDPOINT: /v2/user/profile] "
       "Error #0: context canceled\n",
       R"({"timestamp":"2024-05-30T19:08:07.637Z","status":"error",)"
       R"("message":"[ENDPOINT: /v2/user/profile] Error #0: context canceled",)"
       R"("logger":{"name":"krakend"},)"
       R"("krakend":{"format":"gologging","component":"ENDPOINT","endpoint":"/v2/user/profile"},)"
       R"("error":{"message":"context canceled","kind":"canceled"}})"
       "\n"},
      {"colours around the arrow and level",
       "[KRAKEND] 2024/05/30 - 19:08:07.001 \x1b[31m\xE2\x96\xB6 ERROR\x1b[0m [BACKEND: /b] "
       "context deadline exceeded\n",
       R"({"timestamp":"2024-05-30T19:08:07.001Z","status":"error",)"
       R"("message":"[BACKEND: /b] context deadline exceeded","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"gologging","component":"BACKEND","backend":"/b"},)"
       R"("error":{"message":"context deadline exceeded","kind":"timeout"}})"
       "\n"},
      {"a bold colour sequence and the old 6-letter WARNIN",
       "[KRAKEND] 2019/10/01 - 12:00:00.000 \x1b[1;33m\xE2\x96\xB6 WARNIN\x1b[0m "
       "[SERVICE: Gin] slow\n",
       R"({"timestamp":"2019-10-01T12:00:00.000Z","status":"warning",)"
       R"("message":"[SERVICE: Gin] slow","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"gologging","component":"SERVICE","service":"Gin"}})"
       "\n"},
      {"the old 6-letter CRITIC", "[KRAKEND] 2019/10/01 - 12:00:00.500 \xE2\x96\xB6 CRITIC boom\n",
       R"({"timestamp":"2019-10-01T12:00:00.500Z","status":"critical","message":"boom",)"
       R"("logger":{"name":"krakend"},"krakend":{"format":"gologging"},)"
       R"("error":{"message":"boom","kind":"other"}})"
       "\n"},
      {"no prefix leaves a leading space",
       " 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 INFO [SERVICE: Gin] Listening on port: 8080\n",
       R"({"timestamp":"2024-05-30T19:08:07.637Z","status":"info",)"
       R"("message":"[SERVICE: Gin] Listening on port: 8080","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"gologging","component":"SERVICE","service":"Gin"}})"
       "\n"},
      {"a user prefix with spaces and a plugin tag at NOTICE",
       "my gw - 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 NOTICE [PLUGIN: auth-x] loaded\n",
       R"({"timestamp":"2024-05-30T19:08:07.637Z","status":"notice",)"
       R"("message":"[PLUGIN: auth-x] loaded","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"gologging","component":"PLUGIN","plugin":"auth-x"}})"
       "\n"},
      {"an async agent's name follows its tag",
       "[KRAKEND] 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 ERROR [SERVICE: AsyncAgent][orders] "
       "Error #0: circuit breaker is open\n",
       R"({"timestamp":"2024-05-30T19:08:07.637Z","status":"error",)"
       R"("message":"[SERVICE: AsyncAgent][orders] Error #0: circuit breaker is open",)"
       R"("logger":{"name":"krakend"},)"
       R"("krakend":{"format":"gologging","component":"SERVICE","service":"AsyncAgent"},)"
       R"("error":{"message":"circuit breaker is open","kind":"circuit_open"}})"
       "\n"},
      {"the logstash module's JSON behind the default pattern is that record",
       "[KRAKEND] 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 INFO {\"@timestamp\":"
       "\"2024-05-30T19:08:07.637000+02:00\",\"@version\":1,\"host\":\"abc\",\"level\":"
       "\"INFO\",\"message\":\"hello\",\"module\":\"KRAKEND\"}\n",
       R"({"timestamp":"2024-05-30T17:08:07.637Z","status":"info","message":"hello",)"
       R"("logger":{"name":"krakend"},"krakend":{"format":"logstash_module"}})"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}

TEST_CASE("syslog bodies take their level from the body and their time from the header",
          "[logs][syslog]") {
  const auto c = GENERATE(values<Case>({
      {"a journalctl line of the year of now",
       "Jan 17 11:24:25 gw krakend[812]: ERROR > [ENDPOINT: /x] context canceled\n",
       R"({"timestamp":"2023-01-17T11:24:25.000Z","status":"error",)"
       R"("message":"[ENDPOINT: /x] context canceled","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"syslog","component":"ENDPOINT","endpoint":"/x"},)"
       R"("error":{"message":"context canceled","kind":"canceled"}})"
       "\n"},
      {"a raw message with PRI, a padded day and the [KRAKEND][pid] tag of last December",
       "<155>Dec  3 23:59:59 gw [KRAKEND][812]: WARNIN > [CB] went open\n",
       R"({"timestamp":"2022-12-03T23:59:59.000Z","status":"warning",)"
       R"("message":"[CB] went open","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"syslog","component":"CB"}})"
       "\n"},
      {"rsyslog's RFC 3339 stamp carries its offset",
       "2023-11-14T22:00:00.123456+01:00 gw KRAKEND[9]: INFO > started\n",
       R"({"timestamp":"2023-11-14T21:00:00.123Z","status":"info","message":"started",)"
       R"("logger":{"name":"krakend"},"krakend":{"format":"syslog"}})"
       "\n"},
      {"a bare body gets the caller's now", "DEBUG > hello\n",
       R"({"timestamp":"2023-11-14T22:13:20.123Z","status":"debug","message":"hello",)"
       R"("logger":{"name":"krakend"},"krakend":{"format":"syslog"}})"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}
