// gologging's `logstash` pseudo-JSON (invalid JSON when the message has quotes) and the
// telemetry/logstash module's real JSON.
#include <catch2/catch.hpp>

#include "logs_driver.hpp"

using kcheck::logstest::Case;
using kcheck::logstest::records;

TEST_CASE("gologging's logstash pattern is read by position, valid JSON or not",
          "[logs][logstash]") {
  const auto c = GENERATE(values<Case>({
      {"the documented line",
       R"({"@timestamp":"2022-06-15T15:37:02.619+00:00", "@version": 1, "level": "INFO", )"
       R"("message": "Starting the KrakenD instance", "module": "KRAKEND"})"
       "\n",
       R"({"timestamp":"2022-06-15T15:37:02.619Z","status":"info",)"
       R"("message":"Starting the KrakenD instance","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"logstash"}})"
       "\n"},
      {"a service tag at DEBUG",
       R"({"@timestamp":"2022-06-15T15:37:07.619+00:00", "@version": 1, "level": "DEBUG", )"
       R"("message": "[SERVICE: Telemetry] Registering usage stats for Cluster ID )"
       R"(GH9V15Rf22Zp3F4HBtvF9NkGO9WL7HKp8h7St7l+qc0=", "module": "KRAKEND"})"
       "\n",
       R"({"timestamp":"2022-06-15T15:37:07.619Z","status":"debug",)"
       R"("message":"[SERVICE: Telemetry] Registering usage stats for Cluster ID )"
       R"(GH9V15Rf22Zp3F4HBtvF9NkGO9WL7HKp8h7St7l+qc0=","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"logstash","component":"SERVICE","service":"Telemetry"}})"
       "\n"},
      {"quotes and a backslash in the message are not escaped by KrakenD",
       R"({"@timestamp":"2022-06-15T15:37:02.619+00:00", "@version": 1, "level": "ERROR", )"
       R"("message": "[ENDPOINT: /x] invalid character '"' in "C:\dir"", "module": "KRAKEND"})"
       "\n",
       R"({"timestamp":"2022-06-15T15:37:02.619Z","status":"error",)"
       R"("message":"[ENDPOINT: /x] invalid character '\"' in \"C:\\dir\"",)"
       R"("logger":{"name":"krakend"},)"
       R"("krakend":{"format":"logstash","component":"ENDPOINT","endpoint":"/x"},)"
       R"("error":{"message":"invalid character '\"' in \"C:\\dir\"","kind":"other"}})"
       "\n"},
      {"a message that contains the module separator ends at the last one",
       R"({"@timestamp":"2022-06-15T15:37:02.619+00:00", "@version": 1, "level": "WARNIN", )"
       R"("message": "a", "module": "b", "module": "KRAKEND"})"
       "\n",
       R"({"timestamp":"2022-06-15T15:37:02.619Z","status":"warning",)"
       R"("message":"a\", \"module\": \"b","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"logstash"}})"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}

TEST_CASE("the logstash module's JSON becomes logstash_module records", "[logs][logstash]") {
  const auto c = GENERATE(values<Case>({
      {"the module's test line",
       R"({"@timestamp":"2018-05-16T10:02:47.000000+00:00","@version":1,"host":"h1",)"
       R"("level":"DEBUG","message":"hey there multi parts","module":"some"})"
       "\n",
       R"({"timestamp":"2018-05-16T10:02:47.000Z","status":"debug",)"
       R"("message":"hey there multi parts","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"logstash_module"}})"
       "\n"},
      {"a real offset, escapes and nested values of merged keys",
       R"({"@timestamp":"2024-05-30T19:08:07.637123+02:00","@version":1,"host":"h",)"
       R"("level":"ERROR","message":"[BACKEND: /b] say \"hi\" \\ caf\u00e9\n",)"
       R"("module":"KRAKEND","proxy.Request":{"a":[1,2,{"b":"}]"}],"c":null}})"
       "\n",
       R"({"timestamp":"2024-05-30T17:08:07.637Z","status":"error",)"
       R"("message":"[BACKEND: /b] say \"hi\" \\ café\n","logger":{"name":"krakend"},)"
       R"("krakend":{"format":"logstash_module","component":"BACKEND","backend":"/b"},)"
       R"("error":{"message":"say \"hi\" \\ café\n","kind":"other"}})"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}
