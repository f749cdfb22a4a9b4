// Fetches through the in-process proxy (test_proxy.hpp): absolute-form http, CONNECT tunnels
// for https, proxy credentials that reach the proxy only, and a proxy that refuses, is dead
// or stalls. Every client reads an empty environment unless the test gives it one.
#include <catch2/catch.hpp>
#include <map>

#include "dns_test_server.hpp"
#include "http/request.hpp"
#include "http_test_util.hpp"
#include "test_proxy.hpp"
#include "tls_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;

namespace {

TestServer::Handler answer_each_request(std::string body) {
  return [response = http_response(200, "OK", body)](Conn& c) {
    while (c.read_request()) {
      if (!c.send(response)) return;
    }
  };
}

kcheck::config::HttpOptions through(const std::string& endpoint, const std::string& proxy) {
  auto options = options_for(endpoint);
  options.proxy = kcheck::config::ProxyOptions{proxy, proxy, {}};
  return options;
}

// A client that sees `vars` as its whole environment.
std::unique_ptr<kcheck::http::Client> client_for(const kcheck::config::HttpOptions& options,
                                                 std::map<std::string, std::string> vars = {}) {
  auto client = std::make_unique<kcheck::http::Client>(options);
  client->use_environment(
      [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
      });
  return client;
}

kcheck::Result<kcheck::http::Response> fetch_with(kcheck::http::Client& client) {
  kcheck::http::CancelToken token;
  return client.fetch(token);
}

// An https origin for localhost, verified with the test CA.
TestServer tls_origin() {
  const auto& c = certs();
  return TestServer(answer_each_request("a 1\n"), {false, server_tls(c.server_cert, c.server_key)});
}

// Options for `origin` by its name (localhost) through `proxy`, trusting the test CA.
kcheck::config::HttpOptions tls_through(const TestServer& origin, const std::string& proxy) {
  auto options = through("https://localhost:" + std::to_string(origin.port()) + "/metrics", proxy);
  options.tls_ca_cert = certs().ca_cert;
  return options;
}

std::string first_line(const std::string& head) {
  return head.substr(0, head.find("\r\n"));
}

}  // namespace

TEST_CASE("plain http goes to the proxy as an absolute-form request with its credentials") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto client = client_for(through(origin.url(), proxy.url("u:p")));
  auto r = fetch_with(*client);
  REQUIRE(r.ok());
  CHECK(r->body == "a 1\n");
  REQUIRE(proxy.requests().size() == 1);
  CHECK(first_line(proxy.requests()[0]) == "GET " + origin.url() + " HTTP/1.1");
  CHECK(header_value(proxy.requests()[0], "Proxy-Authorization") == "Basic dTpw");
}

TEST_CASE("the origin never sees the proxy's credentials") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto options = through(origin.url(), proxy.url("u:p"));
  options.username = "user";
  options.password = "origin-secret";
  auto client = client_for(options);
  REQUIRE(fetch_with(*client).ok());
  REQUIRE(origin.requests().size() == 1);
  CHECK(header_value(origin.requests()[0], "Proxy-Authorization").empty());
  CHECK(header_value(origin.requests()[0], "Authorization") ==
        "Basic " + kcheck::http::base64_encode("user:origin-secret"));
}

TEST_CASE("a proxy without credentials gets no Proxy-Authorization") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto client = client_for(through(origin.url(), proxy.url()));
  REQUIRE(fetch_with(*client).ok());
  REQUIRE(proxy.requests().size() == 1);
  CHECK(header_value(proxy.requests()[0], "Proxy-Authorization").empty());
}

TEST_CASE("https goes through a CONNECT tunnel and is verified against the origin's name") {
  TestServer origin = tls_origin();
  TestProxy proxy;
  const std::string authority = "localhost:" + std::to_string(origin.port());
  auto client = client_for(tls_through(origin, proxy.url("pu:proxy-secret")));
  auto r = fetch_with(*client);
  REQUIRE(r.ok());
  CHECK(r->body == "a 1\n");
  REQUIRE(proxy.requests().size() == 1);
  CHECK(first_line(proxy.requests()[0]) == "CONNECT " + authority + " HTTP/1.1");
  CHECK(header_value(proxy.requests()[0], "Proxy-Authorization") ==
        "Basic " + kcheck::http::base64_encode("pu:proxy-secret"));
  CHECK(origin.sni_names() == std::vector<std::string>{"localhost"});
  REQUIRE(origin.requests().size() == 1);
  CHECK(header_value(origin.requests()[0], "Proxy-Authorization").empty());
}

TEST_CASE("the proxy never sees the origin's credentials inside a CONNECT tunnel") {
  TestServer origin = tls_origin();
  TestProxy proxy;
  auto options = tls_through(origin, proxy.url());
  options.username = "user";
  options.password = "origin-secret";
  auto client = client_for(options);
  REQUIRE(fetch_with(*client).ok());
  CHECK(header_value(origin.requests().at(0), "Authorization") ==
        "Basic " + kcheck::http::base64_encode("user:origin-secret"));
  const std::string seen = proxy.tunnelled();
  CHECK_FALSE(seen.empty());
  CHECK(seen.find("Authorization") == std::string::npos);
  CHECK(seen.find(kcheck::http::base64_encode("user:origin-secret")) == std::string::npos);
}

TEST_CASE("a proxy that refuses CONNECT is unavailable naming the masked proxy and its status") {
  TestProxy proxy(ProxyBehaviour::kRefuse);
  auto client = client_for(through("https://127.0.0.1:9/metrics", proxy.url("u:secret")));
  auto r = fetch_with(*client);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "proxy http://***@127.0.0.1:" + std::to_string(proxy.port()) +
                                    " refused CONNECT 127.0.0.1:9: HTTP 407 Proxy Authentication "
                                    "Required");
  CHECK_FALSE(client->last_failure_was_answer());
}

TEST_CASE("a dead proxy is unavailable naming the proxy without its credentials") {
  const std::uint16_t port = unused_port();
  const std::string proxy_url = "http://u:secret@127.0.0.1:" + std::to_string(port);
  auto client = client_for(through("http://127.0.0.1:9/metrics", proxy_url));
  auto r = fetch_with(*client);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() ==
        "connection refused to proxy http://***@127.0.0.1:" + std::to_string(port));
}

TEST_CASE("a proxy name that does not resolve is unavailable naming the proxy") {
  DnsServer dns(DnsServer::Mode::kNxdomain);
  auto client = client_for(through("http://127.0.0.1:9/metrics", "http://u:secret@nosuch.invalid"));
  client->use_dns_servers(dns.servers());
  auto r = fetch_with(*client);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(
      r.status().message() ==
      "proxy http://***@nosuch.invalid: cannot resolve \"nosuch.invalid\": Domain name not found");
}

TEST_CASE("a proxy that never answers CONNECT runs into the deadline") {
  TestProxy proxy(ProxyBehaviour::kStall);
  auto options = through("https://127.0.0.1:9/metrics", proxy.url());
  // Long enough that a loaded machine (sanitizers, CI) has connected to the proxy by then:
  // the deadline must strike while the CONNECT answer is awaited, not before.
  options.timeout = 1500ms;
  auto client = client_for(options);
  auto r = fetch_with(*client);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kDeadlineExceeded);
  CHECK(r.status().message() ==
        "timed out after 1.5 s waiting for the answer to CONNECT 127.0.0.1:9 through proxy " +
            proxy.url());
}

TEST_CASE("cancel reaches a fetch waiting for a stalled proxy") {
  TestProxy proxy(ProxyBehaviour::kStall);
  auto client = client_for(through("https://127.0.0.1:9/metrics", proxy.url()));
  auto fetched = fetch_cancelled_after(*client, 100ms);
  REQUIRE_FALSE(fetched.result.ok());
  CHECK(fetched.result.status().code() == StatusCode::kCancelled);
  CHECK(fetched.result.status().message() == "request to https://127.0.0.1:9/metrics cancelled");
  CHECK(fetched.latency < 2s);  // a hang guard, not a timing requirement
}

TEST_CASE("a connection through a proxy is kept alive for the same proxy and origin") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto client = client_for(through(origin.url(), proxy.url()));
  REQUIRE(fetch_with(*client).ok());
  REQUIRE(fetch_with(*client).ok());
  CHECK(proxy.connections() == 1);
  CHECK(origin.requests().size() == 2);
}

TEST_CASE("a connection kept alive through a proxy is not reused for a direct request") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  kcheck::http::Client client(options_for(origin.url()));
  auto proxy_url = std::make_shared<std::optional<std::string>>(proxy.url());
  client.use_environment([proxy_url](const std::string& name) -> std::optional<std::string> {
    return name == "HTTP_PROXY" ? *proxy_url : std::nullopt;
  });
  REQUIRE(fetch_with(client).ok());
  proxy_url->reset();  // HTTP_PROXY is gone before the next run
  REQUIRE(fetch_with(client).ok());
  CHECK(proxy.connections() == 1);
  CHECK(origin.requests().size() == 2);
  CHECK(origin.connections() == 2);  // the second from the client itself, not the proxy's relay
}

TEST_CASE("HTTP_PROXY from the environment carries loopback requests too") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto client = client_for(options_for(origin.url()), {{"HTTP_PROXY", proxy.url()}});
  REQUIRE(fetch_with(*client).ok());
  REQUIRE(proxy.requests().size() == 1);
  CHECK(first_line(proxy.requests()[0]) == "GET " + origin.url() + " HTTP/1.1");
}

TEST_CASE("NO_PROXY naming the endpoint sends the request directly") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto client = client_for(options_for(origin.url()),
                           {{"HTTP_PROXY", proxy.url()}, {"NO_PROXY", "example.com, 127.0.0.1"}});
  REQUIRE(fetch_with(*client).ok());
  CHECK(proxy.connections() == 0);
  CHECK(request_target(origin.requests().at(0)) == "/metrics");
}

TEST_CASE("skip_proxy connects directly whatever the environment says") {
  TestServer origin(answer_each_request("a 1\n"));
  TestProxy proxy;
  auto options = options_for(origin.url());
  options.skip_proxy = true;
  auto client = client_for(options, {{"http_proxy", proxy.url()}, {"HTTP_PROXY", proxy.url()}});
  REQUIRE(fetch_with(*client).ok());
  CHECK(proxy.connections() == 0);
  CHECK(origin.requests().size() == 1);
}

TEST_CASE("each redirect hop picks its proxy for its own URL") {
  TestServer target(answer_each_request("a 1\n"));
  TestServer start([location = target.url()](Conn& c) {
    if (c.read_request()) c.send(http_response(302, "Found", "", {{"Location", location}}));
  });
  TestProxy proxy;
  auto options = options_for(start.url());
  options.proxy = kcheck::config::ProxyOptions{
      proxy.url(), std::nullopt, {"127.0.0.1:" + std::to_string(target.port())}};
  auto client = client_for(options);
  REQUIRE(fetch_with(*client).ok());
  REQUIRE(proxy.requests().size() == 1);
  CHECK(first_line(proxy.requests()[0]) == "GET " + start.url() + " HTTP/1.1");
  CHECK(request_target(target.requests().at(0)) == "/metrics");
}
