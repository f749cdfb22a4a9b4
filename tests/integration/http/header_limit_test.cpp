// Oversized response heads and chunked trailers: 64 KiB each, refused as resource exhausted
// with the limit named, whichever way the server makes them big.
#include <catch2/catch.hpp>

#include "http_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;

namespace {

const std::string kBig(70 * 1024, 'v');

TestServer::Handler send_once(std::string bytes) {
  return [bytes](Conn& c) {
    if (c.read_request()) c.send(bytes);
  };
}

// About 70 KiB of small fields: no single one is large, only their sum.
std::string many_fields() {
  std::string fields;
  for (int i = 0; i < 2300; ++i)
    fields += "X-Field-" + std::to_string(i) + ": 0123456789abcdef\r\n";
  return fields;
}

}  // namespace

TEST_CASE("a response head over 64 KiB is resource exhausted and names the limit") {
  const std::string fields = GENERATE(as<std::string>{}, "X-Huge: " + kBig + "\r\n", many_fields());
  TestServer server(send_once("HTTP/1.1 200 OK\r\n" + fields + "Content-Length: 2\r\n\r\nok"));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kResourceExhausted);
  CHECK(r.status().message() == "response headers from " + server.url() + " exceed 64 KiB");
}

TEST_CASE("a chunked trailer over 64 KiB is resource exhausted and names the limit") {
  const std::string trailer =
      GENERATE(as<std::string>{}, "X-Huge: " + kBig + "\r\n", many_fields());
  TestServer server(send_once(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n" + trailer + "\r\n"));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kResourceExhausted);
  CHECK(r.status().message() == "response trailers from " + server.url() + " exceed 64 KiB");
}
