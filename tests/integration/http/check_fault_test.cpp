// Scrape faults seen from a whole check run (kcheck::Check: http -> parse -> map -> emit):
// each one returns an error status instead of throwing or crashing, submits nothing of the
// payload (even when the bytes that did arrive were valid samples), and sends exactly one
// CRITICAL krakend.api.openmetrics.health carrying the scraper's message (contract §6).
#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "http_test_util.hpp"
#include "test_certs.hpp"

using kcheck::CheckStatus;
using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;

namespace {

// Valid Prometheus text: whatever part of it arrives would map to real submissions.
const std::string kPayload =
    "# TYPE go_goroutines gauge\ngo_goroutines 42\n# TYPE go_threads gauge\ngo_threads 7\n"
    "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n";

struct ServiceCheck {
  std::string name;
  CheckStatus status;
  std::vector<std::string> tags;
  std::string message;
};

struct Metric {
  std::string name;
  bool flush_first_value;
};

class RecordingSink final : public kcheck::Sink {
 public:
  void submit_metric(std::string_view name, kcheck::SubmitType, double,
                     std::span<const std::string_view>, std::string_view,
                     bool flush_first_value) override {
    metrics.push_back({std::string(name), flush_first_value});
  }
  void submit_service_check(std::string_view name, CheckStatus status,
                            std::span<const std::string_view> tags, std::string_view,
                            std::string_view message) override {
    checks.push_back({std::string(name), status, {tags.begin(), tags.end()}, std::string(message)});
  }
  void submit_histogram_bucket(std::string_view name, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view,
                               bool flush_first_value) override {
    metrics.push_back({std::string(name), flush_first_value});
  }
  void log(kcheck::LogLevel, std::string_view) override {}

  std::vector<Metric> metrics;
  std::vector<ServiceCheck> checks;
};

TestServer::Handler send_once(std::string bytes) {
  return [bytes](Conn& c) {
    if (c.read_request()) c.send(bytes);
  };
}

TestServer::Handler send_then_hang(std::string bytes) {
  return [bytes](Conn& c) {
    if (c.read_request()) c.send(bytes);
    c.hang();
  };
}

TestServer::Handler redirect_loop() {
  return [](Conn& c) {
    while (auto req = c.read_request()) {
      const std::string next = request_target(*req) == "/metrics" ? "/other" : "/metrics";
      if (!c.send(http_response(302, "Found", "", {{"Location", next}}))) return;
    }
  };
}

std::string chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

const TestCerts& certs() {
  std::string error;
  const TestCerts* c = test_certs(error);
  if (c == nullptr) FAIL("cannot generate test certificates with the openssl CLI: " << error);
  return *c;
}

std::shared_ptr<SSL_CTX> server_tls(bool require_client_cert) {
  const auto& c = certs();
  std::string error;
  auto ctx =
      make_server_tls(c.server_cert, c.server_key, require_client_cert ? c.ca_cert : "", error);
  if (!ctx) FAIL("server TLS context: " << error);
  return ctx;
}

/// One fault: the server that causes it (none: nothing listens), its TLS settings and the
/// option changes (both optional), and the status code the run must return.
struct Fault {
  std::string name;
  std::function<std::optional<TestServer::Handler>()> handler;
  std::function<ServerOptions()> server_options;
  std::function<void(kcheck::config::HttpOptions&)> adjust;
  StatusCode code;
};

std::vector<Fault> faults() {
  const auto timeout_300ms = [](kcheck::config::HttpOptions& o) { o.timeout = 300ms; };
  std::string valid_lines;
  while (valid_lines.size() < (4u << 20)) valid_lines += kPayload;
  return {
      {"HTTP 404",
       [] { return send_once(http_response(404, "Not Found", kPayload)); },
       {},
       {},
       StatusCode::kUnavailable},
      {"HTTP 500",
       [] { return send_once(http_response(500, "Internal Server Error", "")); },
       {},
       {},
       StatusCode::kUnavailable},
      {"connection refused", [] { return std::nullopt; }, {}, {}, StatusCode::kUnavailable},
      {"accepts and never answers",
       [] { return send_then_hang(""); },
       {},
       timeout_300ms,
       StatusCode::kDeadlineExceeded},
      {"headers then stalls",
       [] { return send_then_hang("HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n" + kPayload); },
       {},
       timeout_300ms,
       StatusCode::kDeadlineExceeded},
      {"one byte at a time",
       [] {
         return [](Conn& c) {
           if (!c.read_request()) return;
           if (!c.send("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kPayload.size()) +
                       "\r\n\r\n"))
             return;
           for (char ch : kPayload) {
             if (!c.pause(100ms) || !c.send(std::string(1, ch))) return;
           }
         };
       },
       {},
       timeout_300ms,
       StatusCode::kDeadlineExceeded},
      {"truncated body",
       [] { return send_once("HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n" + kPayload); },
       {},
       {},
       StatusCode::kDataLoss},
      {"body over max_body_size",
       [=] { return send_once(http_response(200, "OK", valid_lines)); },
       {},
       [](auto& o) { o.max_body_bytes = 1u << 20; },
       StatusCode::kResourceExhausted},
      {"gzip bomb",
       [=] {
         return send_once(
             http_response(200, "OK", gzip(valid_lines), {{"Content-Encoding", "gzip"}}));
       },
       {},
       [](auto& o) { o.max_body_bytes = 1u << 20; },
       StatusCode::kResourceExhausted},
      {"invalid chunk size after a valid chunk",
       [] {
         return send_once("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          chunk(kPayload) + "zz\r\nabc\r\n0\r\n\r\n");
       },
       {},
       {},
       StatusCode::kDataLoss},
      {"corrupt gzip",
       [] {
         return send_once(http_response(200, "OK", kPayload, {{"Content-Encoding", "gzip"}}));
       },
       {},
       {},
       StatusCode::kDataLoss},
      {"redirect loop", [] { return redirect_loop(); }, {}, {}, StatusCode::kUnavailable},
      {"TLS certificate from an unknown CA",
       [] { return send_once(""); },
       [] {
         return ServerOptions{false, server_tls(false)};
       },
       {},
       StatusCode::kUnavailable},
      {"TLS client certificate required but not configured", [] { return send_once(""); },
       [] {
         return ServerOptions{false, server_tls(true)};
       },
       [](auto& o) { o.tls_ca_cert = certs().ca_cert; }, StatusCode::kUnavailable},
  };
}

kcheck::config::InstanceConfig instance_for(const std::string& url) {
  kcheck::config::InstanceConfig c;
  c.http = options_for(url);
  c.map.tags = {"team:edge"};
  return c;
}

}  // namespace

TEST_CASE("a scrape fault submits nothing and sends one CRITICAL health check with its cause") {
  static const std::vector<Fault> all = faults();
  const Fault& fault = all[GENERATE(range(std::size_t{0}, all.size()))];
  INFO("fault: " << fault.name);
  const auto handler = fault.handler();
  std::optional<TestServer> server;
  std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/metrics";
  if (handler) {
    server.emplace(*handler, fault.server_options ? fault.server_options() : ServerOptions{});
    url = server->url();
  }
  auto cfg = instance_for(url);
  if (fault.adjust) fault.adjust(cfg.http);
  kcheck::Check check(cfg);
  RecordingSink sink;

  const kcheck::Status st = check.run(sink);

  CHECK(st.code() == fault.code);
  CHECK_FALSE(st.message().empty());
  CHECK(sink.metrics.empty());
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0].name == "krakend.api.openmetrics.health");
  CHECK(sink.checks[0].status == CheckStatus::kCritical);
  CHECK(sink.checks[0].message == st.message());
  CHECK(sink.checks[0].tags == std::vector<std::string>{"team:edge", "endpoint:" + url});
}

TEST_CASE("the CRITICAL message of a refused scrape names the address") {
  const std::uint16_t port = unused_port();
  kcheck::Check check(instance_for("http://127.0.0.1:" + std::to_string(port) + "/metrics"));
  RecordingSink sink;
  (void)check.run(sink);
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0].message == "connection refused to 127.0.0.1:" + std::to_string(port));
}

TEST_CASE("an instance recovers after a fault and its first good run has flush_first_value false") {
  // Connection 0 fails with a 500 (and closes); every later connection serves the payload.
  TestServer server([](Conn& c) {
    if (c.index() == 0) {
      if (c.read_request())
        c.send(http_response(500, "Internal Server Error", "", {{"Connection", "close"}}));
      return;
    }
    while (c.read_request()) {
      if (!c.send(http_response(200, "OK", kPayload))) return;
    }
  });
  kcheck::Check check(instance_for(server.url()));

  RecordingSink failed;
  REQUIRE(check.run(failed).code() == StatusCode::kUnavailable);
  REQUIRE(failed.checks.size() == 1);
  CHECK(failed.checks[0].status == CheckStatus::kCritical);
  CHECK(failed.checks[0].message == "HTTP 500 Internal Server Error from " + server.url());

  for (const bool expected_flush : {false, true}) {
    RecordingSink ok;
    REQUIRE(check.run(ok).ok());
    REQUIRE(ok.checks.size() == 1);
    CHECK(ok.checks[0].status == CheckStatus::kOk);
    std::vector<std::string> names;
    for (const auto& m : ok.metrics) {
      names.push_back(m.name);
      CHECK(m.flush_first_value == expected_flush);
    }
    CHECK(names == std::vector<std::string>{"krakend.api.go.goroutines", "krakend.api.go.threads",
                                            "krakend.api.process.cpu_seconds.count"});
  }
}

TEST_CASE("ignore_connection_errors makes a timed-out run succeed and still sends CRITICAL") {
  TestServer server(send_then_hang(""));
  auto cfg = instance_for(server.url());
  cfg.http.timeout = 300ms;
  cfg.map.ignore_connection_errors = true;
  kcheck::Check check(cfg);
  RecordingSink sink;
  CHECK(check.run(sink).ok());
  CHECK(sink.metrics.empty());
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0].status == CheckStatus::kCritical);
  CHECK(sink.checks[0].message ==
        "timed out after 300 ms waiting for response headers from " + server.url());
}

TEST_CASE("ignore_connection_errors does not forgive an HTTP error status") {
  // The server was reached and answered 500: that is not a connection error (contract §6),
  // so the run fails as it would without the option.
  TestServer server(send_once(http_response(500, "Internal Server Error", "")));
  auto cfg = instance_for(server.url());
  cfg.map.ignore_connection_errors = true;
  kcheck::Check check(cfg);
  RecordingSink sink;
  const kcheck::Status st = check.run(sink);
  CHECK(st.code() == StatusCode::kUnavailable);
  CHECK(st.message() == "HTTP 500 Internal Server Error from " + server.url());
  CHECK(sink.metrics.empty());
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0].status == CheckStatus::kCritical);
}

TEST_CASE("ignore_connection_errors forgives a refused connection") {
  const std::uint16_t port = unused_port();
  auto cfg = instance_for("http://127.0.0.1:" + std::to_string(port) + "/metrics");
  cfg.map.ignore_connection_errors = true;
  kcheck::Check check(cfg);
  RecordingSink sink;
  CHECK(check.run(sink).ok());
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0].status == CheckStatus::kCritical);
  CHECK(sink.checks[0].message == "connection refused to 127.0.0.1:" + std::to_string(port));
}

TEST_CASE(
    "with strict_parsing a payload that does not parse submits nothing and names the "
    "endpoint and position") {
  // Valid samples first, then a broken last line: the run is atomic, so the valid ones
  // must not be submitted either.
  const std::string body = kPayload + "go_threads{a=\"1\" 3\n";
  TestServer server(send_once(http_response(200, "OK", body)));
  auto config = instance_for(server.url());
  config.map.strict_parsing = true;
  kcheck::Check check(config);
  RecordingSink sink;
  const kcheck::Status st = check.run(sink);
  CHECK(st.code() == StatusCode::kDataLoss);
  CHECK(st.message() == "invalid payload from " + server.url() +
                            ": line 7 col 18: expected ',' or '}' after label value near '3\\n'");
  CHECK(sink.metrics.empty());
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0].status == CheckStatus::kCritical);
  CHECK(sink.checks[0].message == st.message());
}
