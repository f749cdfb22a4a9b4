// Servers that are slow or lie about sizes, beyond failure_test.cpp: the literal "one byte
// per second" server, a Content-Length over the limit refused before any body byte is
// waited for, and chunk data that overruns its declared size.
#include <catch2/catch.hpp>

#include "http_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("a server that sends one byte per second times out after the whole timeout") {
  TestServer server([](Conn& c) {
    if (!c.read_request()) return;
    if (!c.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")) return;
    for (int i = 0; i < 100; ++i) {
      if (!c.send("x") || !c.pause(1s)) return;
    }
  });
  auto options = options_for(server.url());
  options.timeout = 2s;
  const auto start = Clock::now();
  auto r = fetch_once(options);
  const auto took = Clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 2 s reading the response body from " + server.url());
  CHECK(took >= 2s);
  CHECK(took < 4s);
}

TEST_CASE("a Content-Length over max_body_size is refused without waiting for the body") {
  TestServer server([](Conn& c) {
    if (c.read_request()) c.send("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\nabc");
    c.hang();
  });
  auto options = options_for(server.url());
  options.max_body_bytes = 1024;
  const auto start = Clock::now();
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kResourceExhausted);
  CHECK(r.status().message() ==
        "response body from " + server.url() + " exceeds max_body_size (1024 bytes)");
  CHECK(Clock::now() - start < options.timeout / 2);
}

TEST_CASE("chunk data longer than its declared size is data loss") {
  TestServer server([](Conn& c) {
    if (c.read_request()) {
      c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n");
    }
  });
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDataLoss);
  CHECK(r.status().message() ==
        "invalid chunked encoding in the response from " + server.url() + ": bad chunk");
}
