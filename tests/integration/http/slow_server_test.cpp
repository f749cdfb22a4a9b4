// Servers that are slow or lie about sizes, beyond failure_test.cpp: the literal "one byte
// per second" server, a Content-Length over the limit refused before any body byte is
// waited for, a Content-Length that is announced but never sent, and chunk data that
// overruns its declared size.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>

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

namespace {

// This process's resident memory (/proc/self/statm), in bytes.
long long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

}  // namespace

TEST_CASE("a Content-Length announced but never sent costs no memory until bytes arrive") {
  std::atomic<long long> during{0};
  TestServer server([&during](Conn& c) {
    if (!c.read_request()) return;
    if (!c.send("HTTP/1.1 200 OK\r\nContent-Length: 62914560\r\n\r\n0123456789")) return;
    // The client has the head and 10 bytes and waits for the rest: measure it now (the
    // server runs in the test process).
    if (!c.pause(300ms)) return;
    during.store(resident_bytes());
    c.hang();
  });
  auto options = options_for(server.url());
  options.timeout = 1s;
  const long long before = resident_bytes();
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 1 s reading the response body from " + server.url());
  REQUIRE(during.load() > 0);
  // 60 MiB announced; a buffer sized by it would show here. The bound leaves room for
  // allocator noise and the 4 MiB that may be reserved (not touched) up front.
  CHECK(during.load() - before < 16ll << 20);
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
