// Host names: resolved with c-ares on the fetch's own loop, under the same deadline and
// cancel token as connect and read, and leaving no thread or descriptor behind. DNS answers
// come from dns_test_server.* on loopback; localhost from /etc/hosts.
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "dns_test_server.hpp"
#include "http_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::size_t entries(const char* dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TestServer::Handler serve_ok() {
  return [](Conn& c) {
    while (c.read_request()) {
      if (!c.send(http_response(200, "OK", "a 1\n"))) return;
    }
  };
}

std::string name_url(const std::string& host, const TestServer& server) {
  return "http://" + host + ":" + std::to_string(server.port()) + "/metrics";
}

// One fetch by a client that asks `dns` (when given). The client stays alive after the
// fetch, as an instance does between runs: no thread may still run then (the ABI promises
// none does), and after close() no descriptor may stay open.
kcheck::Result<kcheck::http::Response> fetch_leaving_nothing(
    const kcheck::config::HttpOptions& options, const DnsServer* dns) {
  kcheck::http::Client client(options);
  if (dns != nullptr) client.use_dns_servers(dns->servers());
  kcheck::http::CancelToken token;
  const std::size_t threads = entries("/proc/self/task");
  const std::size_t fds = entries("/proc/self/fd");
  auto r = client.fetch(token);
  CHECK(entries("/proc/self/task") == threads);
  client.close();
  // The test servers live in this process too: their side of the connection closes when
  // they see the client's close, a few poll slices later.
  const auto until = Clock::now() + 2s;
  while (entries("/proc/self/fd") != fds && Clock::now() < until) std::this_thread::sleep_for(10ms);
  CHECK(entries("/proc/self/fd") == fds);
  return r;
}

}  // namespace

TEST_CASE("a host name is resolved through DNS and the fetch leaves no thread behind") {
  TestServer server(serve_ok());
  DnsServer dns(DnsServer::Mode::kAnswer);
  auto r = fetch_leaving_nothing(options_for(name_url("metrics.test", server)), &dns);
  REQUIRE(r.ok());
  CHECK(r->body == "a 1\n");
  CHECK(header_value(server.requests().at(0), "Host") ==
        "metrics.test:" + std::to_string(server.port()));
}

TEST_CASE("localhost is resolved from /etc/hosts and the fetch leaves no thread behind") {
  TestServer server(serve_ok());
  auto r = fetch_leaving_nothing(options_for(name_url("localhost", server)), nullptr);
  REQUIRE(r.ok());
  CHECK(r->body == "a 1\n");
}

TEST_CASE("a DNS answer that comes late but within the deadline is used") {
  TestServer server(serve_ok());
  DnsServer dns(DnsServer::Mode::kAnswer, "127.0.0.1", 300ms);
  auto r = fetch_leaving_nothing(options_for(name_url("slow.test", server)), &dns);
  REQUIRE(r.ok());
  CHECK(dns.answered() >= 1);
}

TEST_CASE("a name the DNS server does not know is unavailable and names the host") {
  DnsServer dns(DnsServer::Mode::kNxdomain);
  auto r = fetch_leaving_nothing(options_for("http://nosuch.invalid/metrics"), &dns);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "cannot resolve \"nosuch.invalid\": Domain name not found");
}

TEST_CASE("a DNS server that never answers ends the fetch at the deadline, leaving nothing") {
  const auto [use_connect_timeout, suffix] =
      GENERATE(table<bool, std::string>({{false, ""}, {true, " (connect_timeout)"}}));
  DnsServer dns(DnsServer::Mode::kSilent);
  auto options = options_for("http://silent.test/metrics");
  if (use_connect_timeout) {
    options.connect_timeout = 1s;
  } else {
    options.timeout = 1s;
  }
  const auto start = Clock::now();
  auto r = fetch_leaving_nothing(options, &dns);
  CHECK(Clock::now() - start < 2s);  // hang guard: the deadline is 1 s
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() == "DNS lookup of \"silent.test\" timed out after 1 s" + suffix);
}

TEST_CASE("cancel from another thread ends a DNS lookup promptly") {
  DnsServer dns(DnsServer::Mode::kSilent);
  auto options = options_for("http://silent.test/metrics");
  options.timeout = 10s;
  kcheck::http::Client client(options);
  client.use_dns_servers(dns.servers());
  auto [r, latency] = fetch_cancelled_after(client, 200ms);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kCancelled);
  CHECK(r.status().message() == "request to http://silent.test/metrics cancelled");
  // The contract is 100 ms; the bound is generous so a loaded CI machine does not flake.
  CHECK(latency < 1s);
}
