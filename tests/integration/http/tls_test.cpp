// https: CA verification, host name and IP checks, SNI, client certificates, tls_verify.
// The PKI is generated at test start (test_certs.cpp).
#include <catch2/catch.hpp>

#include "http_test_util.hpp"
#include "tls_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;

namespace {

TestServer::Handler ok_handler() {
  return [](Conn& c) {
    while (c.read_request()) {
      if (!c.send(http_response(200, "OK", "secure 1\n"))) return;
    }
  };
}

std::string localhost_url(const TestServer& s) {
  return "https://localhost:" + std::to_string(s.port()) + "/metrics";
}

}  // namespace

TEST_CASE("https is verified against tls_ca_cert") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key)});
  auto options = options_for(server.url());
  options.tls_ca_cert = c.ca_cert;
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->body == "secure 1\n");
  CHECK(r->warnings.empty());
  CHECK(server.sni_names() == std::vector<std::string>{""});  // no SNI for an IP address
}

TEST_CASE("a certificate from an unknown CA is rejected by the system store") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key)});
  auto r = fetch_once(options_for(server.url()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() ==
        "TLS certificate verify failed for 127.0.0.1:" + std::to_string(server.port()) +
            ": unable to get local issuer certificate");
}

TEST_CASE("a host name endpoint sends SNI and is verified by name") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key)});
  auto options = options_for(localhost_url(server));
  options.tls_ca_cert = c.ca_cert;
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(server.sni_names() == std::vector<std::string>{"localhost"});
}

TEST_CASE("a certificate for another host is rejected") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.other_host_cert, c.other_host_key)});
  const bool by_name = GENERATE(false, true);
  auto options = options_for(by_name ? localhost_url(server) : server.url());
  options.tls_ca_cert = c.ca_cert;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "TLS certificate verify failed for " +
                                    std::string(by_name ? "localhost:" : "127.0.0.1:") +
                                    std::to_string(server.port()) +
                                    (by_name ? ": hostname mismatch" : ": IP address mismatch"));
}

TEST_CASE("tls_verify false accepts any certificate and warns unless told not to") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.other_host_cert, c.other_host_key)});
  auto options = options_for(server.url());
  options.tls_verify = false;
  const bool ignore_warning = GENERATE(false, true);
  options.tls_ignore_warning = ignore_warning;
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  if (ignore_warning) {
    CHECK(r->warnings.empty());
  } else {
    CHECK(r->warnings == std::vector<std::string>{
                             "TLS certificate verification is disabled (tls_verify: false) for " +
                             server.url() + "; set tls_ignore_warning: true to hide this warning"});
  }
}

TEST_CASE("a client certificate is presented when the server requires one") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key, c.ca_cert)});
  auto options = options_for(server.url());
  options.tls_ca_cert = c.ca_cert;
  options.tls_cert = c.client_cert;
  options.tls_private_key = c.client_key;
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->body == "secure 1\n");
  CHECK(server.failed_handshakes() == 0);
}

TEST_CASE("a missing client certificate is reported with a hint") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key, c.ca_cert)});
  auto options = options_for(server.url());
  options.tls_ca_cert = c.ca_cert;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() ==
        "TLS error from 127.0.0.1:" + std::to_string(server.port()) +
            " while waiting for response headers from " + server.url() +
            ": tlsv13 alert certificate required (the server wants a client certificate: set "
            "tls_cert and tls_private_key)");
}

TEST_CASE("unreadable TLS files are invalid arguments naming the option") {
  const auto& c = certs();
  auto options = options_for("https://127.0.0.1:9/metrics");
  std::string expected;
  SECTION("tls_ca_cert") {
    options.tls_ca_cert = "/nonexistent/ca.pem";
    expected = "tls_ca_cert: cannot read \"/nonexistent/ca.pem\": No such file or directory";
  }
  SECTION("tls_cert") {
    options.tls_cert = "/nonexistent/client.pem";
    expected = "tls_cert: cannot read \"/nonexistent/client.pem\": No such file or directory";
  }
  SECTION("tls_private_key") {
    options.tls_cert = c.client_cert;
    options.tls_private_key = "/nonexistent/client.key";
    expected =
        "tls_private_key: cannot read \"/nonexistent/client.key\": No such file or directory";
  }
  SECTION("a key that does not match the certificate") {
    options.tls_cert = c.client_cert;
    options.tls_private_key = c.server_key;
    expected =
        "tls_private_key: \"" + c.server_key + "\" does not match the certificate in tls_cert";
  }
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() == expected);
}

TEST_CASE("an encrypted private key is an error, never a passphrase prompt") {
  const auto& c = certs();
  auto options = options_for("https://127.0.0.1:9/metrics");
  options.tls_cert = c.client_cert;
  options.tls_private_key = c.client_key_encrypted;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() == "tls_private_key: \"" + c.client_key_encrypted +
                                    "\" is not a PEM private key: bad decrypt");
}

TEST_CASE("https connections are kept alive between runs") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key)});
  auto options = options_for(server.url());
  options.tls_ca_cert = c.ca_cert;
  kcheck::http::Client client(options);
  kcheck::http::CancelToken token;
  for (int i = 0; i < 3; ++i) REQUIRE(client.fetch(token).ok());
  CHECK(server.connections() == 1);
}

TEST_CASE("tls_verify false warns on every fetch, over a kept-alive connection too") {
  const auto& c = certs();
  TestServer server(ok_handler(), {false, server_tls(c.server_cert, c.server_key)});
  auto options = options_for(server.url());
  options.tls_verify = false;
  kcheck::http::Client client(options);
  kcheck::http::CancelToken token;
  const std::vector<std::string> expected{
      "TLS certificate verification is disabled (tls_verify: false) for " + server.url() +
      "; set tls_ignore_warning: true to hide this warning"};
  for (int i = 0; i < 3; ++i) {
    auto r = client.fetch(token);
    REQUIRE(r.ok());
    CHECK(r->warnings == expected);
  }
  CHECK(server.connections() == 1);
}
