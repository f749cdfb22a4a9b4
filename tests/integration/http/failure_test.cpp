// Failed fetches: HTTP errors, connection errors, timeouts, truncation, limits, corrupt
// encodings and cancellation, each with the exact message a person would read.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "http_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

TestServer::Handler send_once(std::string bytes) {
  return [bytes](Conn& c) {
    if (c.read_request()) c.send(bytes);
  };
}

}  // namespace

TEST_CASE("an HTTP error status is unavailable and names the status and the endpoint") {
  const auto [status, reason, expected] = GENERATE(table<int, std::string, std::string>({
      {404, "Not Found", "HTTP 404 Not Found"},
      {500, "Internal Server Error", "HTTP 500 Internal Server Error"},
      {503, "", "HTTP 503 Service Unavailable"},  // no reason phrase: the standard one
  }));
  TestServer server(send_once(http_response(status, reason, "oops")));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == expected + " from " + server.url());
}

TEST_CASE("a refused connection is unavailable and names the address") {
  const std::uint16_t port = unused_port();
  auto r = fetch_once(options_for("http://127.0.0.1:" + std::to_string(port) + "/metrics"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "connection refused to 127.0.0.1:" + std::to_string(port));
}

TEST_CASE("a server that accepts and never answers times out waiting for headers") {
  TestServer server([](Conn& c) {
    (void)c.read_request();
    c.hang();
  });
  auto options = options_for(server.url());
  options.timeout = 300ms;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 300 ms waiting for response headers from " + server.url());
}

TEST_CASE("read_timeout bounds the response when it is shorter than timeout") {
  TestServer server([](Conn& c) {
    (void)c.read_request();
    c.hang();
  });
  auto options = options_for(server.url());
  options.read_timeout = 300ms;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() == "timed out after 300 ms waiting for response headers from " +
                                    server.url() + " (read_timeout)");
}

TEST_CASE("a server that sends headers then stalls times out reading the body") {
  TestServer server([](Conn& c) {
    if (c.read_request()) c.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
    c.hang();
  });
  auto options = options_for(server.url());
  options.timeout = 300ms;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 300 ms reading the response body from " + server.url());
}

TEST_CASE("a server that trickles bytes hits the total deadline, not an idle timeout") {
  // A byte every 50 ms never leaves the connection idle for long; only a total deadline fires.
  TestServer server([](Conn& c) {
    if (!c.read_request()) return;
    if (!c.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")) return;
    for (int i = 0; i < 1000; ++i) {
      if (!c.pause(50ms) || !c.send("x")) return;
    }
  });
  auto options = options_for(server.url());
  options.timeout = 400ms;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 400 ms reading the response body from " + server.url());
}

TEST_CASE("connect_timeout bounds a connection the server never accepts") {
  // A listening socket with a full accept queue: Linux drops further SYNs, so connect()
  // neither succeeds nor fails.
  const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(::bind(lfd, reinterpret_cast<sockaddr*>(&addr), len) == 0);
  REQUIRE(::listen(lfd, 0) == 0);
  REQUIRE(::getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  std::vector<int> fillers;
  for (int i = 0; i < 3; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&addr), len);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(100ms);
  const std::string authority = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  auto options = options_for("http://" + authority + "/metrics");
  options.connect_timeout = 300ms;
  auto r = fetch_once(options);
  for (int fd : fillers) ::close(fd);
  ::close(lfd);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 300 ms connecting to " + authority + " (connect_timeout)");
}

TEST_CASE("a body cut short by the server is data loss") {
  const bool chunked = GENERATE(false, true);
  const std::string partial =
      chunked ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n5\r\nab"
              : "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabcde";
  TestServer server(send_once(partial));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDataLoss);
  CHECK(r.status().message() == "response body from " + server.url() +
                                    " is truncated: the connection closed before the end of "
                                    "the body");
}

TEST_CASE("a body over max_body_size is resource exhausted") {
  const bool chunked = GENERATE(false, true);
  const std::string body(4096, 'x');
  TestServer server(send_once(chunked ? chunked_response({body.substr(0, 1000), body.substr(1000)})
                                      : http_response(200, "OK", body)));
  auto options = options_for(server.url());
  options.max_body_bytes = 1024;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kResourceExhausted);
  CHECK(r.status().message() ==
        "response body from " + server.url() + " exceeds max_body_size (1024 bytes)");
}

TEST_CASE("a gzip bomb stops at max_body_size of decompressed bytes") {
  const std::string bomb = gzip(std::string(16u << 20, '\0'));  // 16 MiB -> ~16 KiB
  TestServer server(send_once(http_response(200, "OK", bomb, {{"Content-Encoding", "gzip"}})));
  auto options = options_for(server.url());
  options.max_body_bytes = 1u << 20;
  auto r = fetch_once(options);
  REQUIRE(bomb.size() < options.max_body_bytes);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kResourceExhausted);
  CHECK(r.status().message() == "decompressed response body from " + server.url() +
                                    " exceeds max_body_size (1048576 bytes)");
}

TEST_CASE("an invalid chunk size is data loss") {
  const std::string chunk_line = GENERATE(as<std::string>{}, "zz", "-1", "fffffffffffffffffffff");
  TestServer server(send_once("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk_line +
                              "\r\nabc\r\n0\r\n\r\n"));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDataLoss);
  CHECK(r.status().message() ==
        "invalid chunked encoding in the response from " + server.url() + ": bad chunk");
}

TEST_CASE("a corrupt gzip body is data loss") {
  TestServer server(send_once(
      http_response(200, "OK", "this is not gzip at all", {{"Content-Encoding", "gzip"}})));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDataLoss);
  CHECK(r.status().message() ==
        "corrupt gzip body from " + server.url() + ": incorrect header check");
}

TEST_CASE("a gzip stream that ends early is data loss") {
  const std::string packed = gzip(std::string(10000, 'a') + "tail");
  TestServer server(send_once(http_response(200, "OK", packed.substr(0, packed.size() - 6),
                                            {{"Content-Encoding", "gzip"}})));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDataLoss);
  CHECK(r.status().message() ==
        "gzip body from " + server.url() + " is truncated (the compressed stream ends early)");
}

TEST_CASE("an unsupported Content-Encoding is data loss") {
  TestServer server(send_once(http_response(200, "OK", "xx", {{"Content-Encoding", "br"}})));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDataLoss);
  CHECK(r.status().message() == "unsupported Content-Encoding \"br\" from " + server.url());
}

TEST_CASE("a server that closes without answering is unavailable") {
  TestServer server([](Conn& c) { (void)c.read_request(); });
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "connection closed by 127.0.0.1:" + std::to_string(server.port()) +
                                    " before the response headers (" + server.url() + ")");
}

TEST_CASE("a response that is not HTTP is unavailable") {
  TestServer server(send_once("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "invalid HTTP response from " + server.url() + ": bad version");
}

TEST_CASE("an unreadable auth_token file is an invalid argument") {
  auto options = options_for("http://127.0.0.1:9/metrics");
  options.auth_token_path = "/nonexistent/kcheck/token";
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() ==
        "auth_token: cannot read \"/nonexistent/kcheck/token\": No such file or directory");
}

TEST_CASE("an invalid endpoint URL is an invalid argument") {
  auto r = fetch_once(options_for("ftp://127.0.0.1/metrics"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() ==
        "invalid URL \"ftp://127.0.0.1/metrics\": unsupported scheme \"ftp\" (use http or https)");
}

TEST_CASE("cancel from another thread abandons the request promptly") {
  const bool during_body = GENERATE(false, true);
  TestServer server([during_body](Conn& c) {
    if (c.read_request() && during_body) c.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab");
    c.hang();
  });
  auto options = options_for(server.url());
  options.timeout = 10s;
  kcheck::http::Client client(options);
  auto [r, latency] = fetch_cancelled_after(client, 200ms);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
  std::printf("cancel latency (%s): %lld us\n", during_body ? "during body" : "waiting for headers",
              static_cast<long long>(us));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kCancelled);
  CHECK(r.status().message() == "request to " + server.url() + " cancelled");
  // The contract is 100 ms; the bound is generous so a loaded CI machine does not flake.
  CHECK(latency < 1s);
}

TEST_CASE("a token cancelled before the fetch returns cancelled without waiting") {
  TestServer server([](Conn& c) {
    (void)c.read_request();
    c.hang();
  });
  kcheck::http::Client client(options_for(server.url()));
  kcheck::http::CancelToken token;
  token.cancel();
  auto r = client.fetch(token);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kCancelled);
}
