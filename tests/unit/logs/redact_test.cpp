// Credentials that DEBUG lines print, and tokens in URLs, never reach the record.
#include <catch2/catch.hpp>
#include <string>

#include "logs_driver.hpp"

using kcheck::logstest::records;

namespace {

struct Row {
  std::string message;  ///< as KrakenD prints it
  std::string kept;     ///< the record's message, as JSON text
};

/// A gologging DEBUG line of `message`, and the record expected with `kept`.
std::string debug_line(const std::string& message) {
  return "[KRAKEND] 2024/05/30 - 19:08:07.637 \xE2\x96\xB6 DEBUG " + message + "\n";
}

std::string debug_record(const std::string& kept) {
  return R"({"timestamp":"2024-05-30T19:08:07.637Z","status":"debug","message":)" + kept +
         R"(,"logger":{"name":"krakend"},"krakend":{"format":"gologging"}})"
         "\n";
}

}  // namespace

TEST_CASE("credentials in messages are redacted", "[logs][redact]") {
  const auto row = GENERATE(values<Row>({
      {"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig-_x",
       R"("Authorization: Bearer [REDACTED]")"},
      {"headers map[Accept:[*/*] Authorization:[Basic dXNlcjpwYXNzd29yZA==]]",
       R"("headers map[Accept:[*/*] Authorization:[Basic [REDACTED]]]")"},
      {R"({"authorization":"s3cr3t-api-key","x":1})",
       R"("{\"authorization\":\"[REDACTED]\",\"x\":1}")"},
      {"Proxy-Authorization=opaque123 next", R"("Proxy-Authorization=[REDACTED] next")"},
      {"lowercase bearer abcdefghij and BASIC QWxhZGRpbjpvcGVu",
       R"("lowercase bearer [REDACTED] and BASIC [REDACTED]")"},
      {"GET /oauth?access_token=abc.123&x=1 and ?ACCESS_TOKEN=z#f",
       R"("GET /oauth?access_token=[REDACTED]&x=1 and ?ACCESS_TOKEN=[REDACTED]#f")"},
      {"basic auth is off, bearer token missing, Authorization header absent",
       R"("basic auth is off, bearer token missing, Authorization header absent")"},
      {"AuthorizationBearer abcdefghijkl", R"("AuthorizationBearer abcdefghijkl")"},
  }));
  INFO(row.message);
  CHECK(records(debug_line(row.message)) == debug_record(row.kept));
}

TEST_CASE("a token in an access line's URL is redacted", "[logs][redact]") {
  CHECK(records("[GIN] 2024/05/30 - 19:08:07 | 200 |    1ms |  10.0.0.1 | GET      "
                "\"/cb?code=1&access_token=tok\"\n") ==
        R"({"timestamp":"2024-05-30T19:08:07.000Z","status":"info","message":"[GIN] )"
        R"(2024/05/30 - 19:08:07 | 200 |    1ms |  10.0.0.1 | GET      )"
        R"(\"/cb?code=1&access_token=[REDACTED]\"","logger":{"name":"gin"},)"
        R"("krakend":{"format":"gin"},)"
        R"("http":{"status_code":200,"method":"GET","url":"/cb?code=1&access_token=[REDACTED]"},)"
        R"("network":{"client":{"ip":"10.0.0.1"}},"duration":1000000})"
        "\n");
}
