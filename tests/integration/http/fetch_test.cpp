// Successful fetches: body framings, gzip, content negotiation, headers, credentials,
// keep-alive and IPv6. Every server runs in this process on loopback.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "http/request.hpp"
#include "http_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;

namespace {

const std::string kPayload =
    "# TYPE go_goroutines gauge\ngo_goroutines 42\n# TYPE krakend_up gauge\nkrakend_up 1\n";

// Answers every request on the connection with `response` until the client closes.
TestServer::Handler serve_all(std::string response) {
  return [response](Conn& c) {
    while (c.read_request()) {
      if (!c.send(response)) return;
    }
  };
}

}  // namespace

TEST_CASE("a Content-Length body is returned whole with its content type") {
  TestServer server(serve_all(http_response(
      200, "OK", kPayload, {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}})));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == kPayload);
  CHECK(r->content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(r->warnings.empty());
}

TEST_CASE("a chunked body is reassembled") {
  TestServer server(serve_all(chunked_response({"# TYPE a gauge\n", "a 1\n", "a{x=\"y\"} 2\n"})));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body == "# TYPE a gauge\na 1\na{x=\"y\"} 2\n");
}

TEST_CASE("a body without length is read until the server closes the connection") {
  TestServer server([](Conn& c) {
    if (c.read_request()) c.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + kPayload);
  });
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body == kPayload);
}

TEST_CASE("an empty 200 body is a successful empty response") {
  TestServer server(serve_all(http_response(200, "OK", "")));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body.empty());
}

TEST_CASE("a gzip body is decompressed, with Content-Length or chunked") {
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += "krakend_requests_total{route=\"/r" + std::to_string(i) + "\"} 1\n";
  const std::string packed = gzip(big);
  const bool chunked = GENERATE(false, true);
  const std::string response =
      chunked ? chunked_response({packed.substr(0, 1000), packed.substr(1000)},
                                 {{"Content-Encoding", "gzip"}})
              : http_response(200, "OK", packed, {{"Content-Encoding", "gzip"}});
  TestServer server(serve_all(response));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body == big);
  const auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(header_value(reqs[0], "Accept-Encoding") == "gzip");
}

TEST_CASE("concatenated gzip members decode to the concatenated bodies") {
  TestServer server(serve_all(
      http_response(200, "OK", gzip("a 1\n") + gzip("b 2\n"), {{"Content-Encoding", "gzip"}})));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body == "a 1\nb 2\n");
}

TEST_CASE("the default Accept header asks for Prometheus text 0.0.4") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)));
  REQUIRE(fetch_once(options_for(server.url())).ok());
  const auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(header_value(reqs[0], "Accept") == "text/plain;version=0.0.4");
  CHECK(header_value(reqs[0], "User-Agent").rfind("krakend-check/", 0) == 0);
  CHECK(header_value(reqs[0], "Host") == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(request_target(reqs[0]) == "/metrics");
}

TEST_CASE("use_latest_spec asks for OpenMetrics first and returns the server's content type") {
  const std::string om_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  TestServer server([&](Conn& c) {
    while (auto req = c.read_request()) {
      const bool wants_om =
          header_value(*req, "Accept").rfind("application/openmetrics-text", 0) == 0;
      c.send(wants_om ? http_response(200, "OK", "a 1\n# EOF\n", {{"Content-Type", om_type}})
                      : http_response(200, "OK", "a 1\n", {{"Content-Type", "text/plain"}}));
    }
  });
  auto options = options_for(server.url());
  options.use_latest_spec = true;
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->content_type == om_type);
  CHECK(r->body == "a 1\n# EOF\n");
  CHECK(header_value(server.requests().at(0), "Accept") ==
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
}

TEST_CASE("use_latest_spec accepts a server that answers Prometheus text instead") {
  // node_exporter 1.5 and KrakenD ignore the OpenMetrics offer: the content type says so.
  const std::string prom_type = "text/plain; version=0.0.4; charset=utf-8";
  TestServer server(serve_all(http_response(200, "OK", kPayload, {{"Content-Type", prom_type}})));
  auto options = options_for(server.url());
  options.use_latest_spec = true;
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->content_type == prom_type);
  CHECK(r->body == kPayload);
}

TEST_CASE("headers replace the defaults and extra_headers add to them") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)));
  auto options = options_for(server.url());
  options.headers = {{{"Accept", "text/plain"}, {"X-Team", "core"}}};
  options.extra_headers = {{"X-Extra", "1"}, {"x-team", "edge"}};
  REQUIRE(fetch_once(options).ok());
  const std::string req = server.requests().at(0);
  CHECK(header_value(req, "Accept") == "text/plain");
  CHECK(header_value(req, "X-Team") == "edge");
  CHECK(header_value(req, "X-Extra") == "1");
  CHECK(header_value(req, "User-Agent").empty());
  CHECK(header_value(req, "Accept-Encoding").empty());
  CHECK(header_value(req, "Host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("extra_headers alone keep the default headers") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)));
  auto options = options_for(server.url());
  options.extra_headers = {{"X-Extra", "1"}};
  REQUIRE(fetch_once(options).ok());
  const std::string req = server.requests().at(0);
  CHECK(header_value(req, "X-Extra") == "1");
  CHECK(header_value(req, "Accept") == "text/plain;version=0.0.4");
  CHECK(header_value(req, "Accept-Encoding") == "gzip");
}

TEST_CASE("username and password are sent as basic auth") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)));
  auto options = options_for(server.url());
  options.username = "Aladdin";
  options.password = "open sesame";
  REQUIRE(fetch_once(options).ok());
  CHECK(header_value(server.requests().at(0), "Authorization") ==
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST_CASE("the bearer token is read from the auth_token file on every run, trimmed") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)));
  const auto path =
      std::filesystem::temp_directory_path() / ("kcheck-token-" + std::to_string(::getpid()));
  auto options = options_for(server.url());
  options.auth_token_path = path.string();
  kcheck::http::Client client(options);
  kcheck::http::CancelToken token;
  std::ofstream(path) << "  first-token\n";
  REQUIRE(client.fetch(token).ok());
  std::ofstream(path) << "second-token\r\n";
  REQUIRE(client.fetch(token).ok());
  std::filesystem::remove(path);
  const auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(header_value(reqs[0], "Authorization") == "Bearer first-token");
  CHECK(header_value(reqs[1], "Authorization") == "Bearer second-token");
}

TEST_CASE("the connection is kept alive and reused between runs") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)));
  kcheck::http::Client client(options_for(server.url()));
  kcheck::http::CancelToken token;
  for (int i = 0; i < 3; ++i) {
    auto r = client.fetch(token);
    REQUIRE(r.ok());
    CHECK(r->body == kPayload);
  }
  CHECK(server.requests().size() == 3);
  CHECK(server.connections() == 1);
}

TEST_CASE("a server that says Connection: close gets a new connection each run") {
  TestServer server([](Conn& c) {
    if (c.read_request()) c.send(http_response(200, "OK", kPayload, {{"Connection", "close"}}));
  });
  kcheck::http::Client client(options_for(server.url()));
  kcheck::http::CancelToken token;
  for (int i = 0; i < 3; ++i) REQUIRE(client.fetch(token).ok());
  CHECK(server.connections() == 3);
}

TEST_CASE("a kept-alive connection the server dropped is retried once on a fresh one") {
  // Connection 0 answers once, then reads the next request and hangs up without answering:
  // the race where a server's idle timeout fires just as the client reuses the connection.
  TestServer server([](Conn& c) {
    if (c.index() == 0) {
      if (c.read_request()) c.send(http_response(200, "OK", "first\n"));
      (void)c.read_request();
      return;
    }
    while (c.read_request()) c.send(http_response(200, "OK", "second\n"));
  });
  kcheck::http::Client client(options_for(server.url()));
  kcheck::http::CancelToken token;
  auto first = client.fetch(token);
  REQUIRE(first.ok());
  CHECK(first->body == "first\n");
  auto second = client.fetch(token);
  REQUIRE(second.ok());
  CHECK(second->body == "second\n");
  CHECK(server.connections() == 2);
}

TEST_CASE("a server that closed an idle kept-alive connection costs no error") {
  TestServer server([](Conn& c) {
    if (c.read_request()) c.send(http_response(200, "OK", kPayload));
  });
  kcheck::http::Client client(options_for(server.url()));
  kcheck::http::CancelToken token;
  REQUIRE(client.fetch(token).ok());
  std::this_thread::sleep_for(300ms);  // let the server finish closing
  REQUIRE(client.fetch(token).ok());
  CHECK(server.connections() == 2);
}

TEST_CASE("an IPv6 literal endpoint [::1] is fetched") {
  TestServer server(serve_all(http_response(200, "OK", kPayload)), ServerOptions{true, nullptr});
  if (!server.listening()) {
    std::fprintf(stderr,
                 "\n*** SKIPPED: this machine has no IPv6 loopback (::1); the IPv6 test did not "
                 "run ***\n\n");
    std::exit(77);
  }
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body == kPayload);
  CHECK(header_value(server.requests().at(0), "Host") == "[::1]:" + std::to_string(server.port()));
}
