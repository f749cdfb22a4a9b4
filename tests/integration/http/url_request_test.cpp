// Pure functions of the scraper: URL parsing, Location resolution, request headers,
// durations in messages.
#include <catch2/catch.hpp>

#include "http/budget.hpp"
#include "http/request.hpp"
#include "http/url.hpp"

using kcheck::StatusCode;
using namespace kcheck::http;

TEST_CASE("endpoint URLs are split into scheme, host, port and target") {
  const auto [text, host, port, target, authority, host_header] =
      GENERATE(table<std::string, std::string, int, std::string, std::string, std::string>({
          {"http://127.0.0.1:9090/metrics", "127.0.0.1", 9090, "/metrics", "127.0.0.1:9090",
           "127.0.0.1:9090"},
          {"HTTPS://Example.com/m?x=1#frag", "Example.com", 443, "/m?x=1", "Example.com:443",
           "Example.com"},
          {"http://[::1]:8080", "::1", 8080, "/", "[::1]:8080", "[::1]:8080"},
          {"http://host?q", "host", 80, "/?q", "host:80", "host"},
      }));
  auto url = parse_url(text);
  REQUIRE(url.ok());
  CHECK(url->host == host);
  CHECK(url->port == port);
  CHECK(url->target == target);
  CHECK(url->authority() == authority);
  CHECK(url->host_header() == host_header);
}

TEST_CASE("invalid URLs are rejected with the reason") {
  const auto [text, why] = GENERATE(table<std::string, std::string>({
      {"127.0.0.1:9090/metrics", "expected http:// or https://"},
      {"ftp://h/", "unsupported scheme \"ftp\" (use http or https)"},
      {"http:///metrics", "missing host"},
      {"http://h:0/", "invalid port \"0\""},
      {"http://h:70000/", "invalid port \"70000\""},
      {"http://h:9x/", "invalid port \"9x\""},
      {"http://[::1/", "unterminated IPv6 address"},
      {"http://h/a b", "spaces and control characters must be %-encoded"},
      {"http://h o/", "invalid character in the host name"},
  }));
  auto url = parse_url(text);
  REQUIRE_FALSE(url.ok());
  CHECK(url.status().code() == StatusCode::kInvalidArgument);
  CHECK(url.status().message() == "invalid URL \"" + text + "\": " + why);
}

TEST_CASE("a URL with credentials is rejected without showing them") {
  auto url = parse_url("http://user:secret@h/");
  REQUIRE_FALSE(url.ok());
  CHECK(url.status().code() == StatusCode::kInvalidArgument);
  CHECK(url.status().message() ==
        "invalid URL \"http://***@h/\": credentials in the URL are not supported (use username "
        "and password)");
}

TEST_CASE("a URL whose password holds an unescaped / ? or # is refused without showing it") {
  const std::string text = GENERATE(as<std::string>{}, "http://user:se/cret@h/",
                                    "http://user:se?cret@h/", "http://user:se#cret@h/");
  auto url = parse_url(text);
  REQUIRE_FALSE(url.ok());
  INFO(url.status().message());
  CHECK(url.status().message().rfind("invalid URL \"http://***@h/\": ", 0) == 0);
  CHECK(url.status().message().find("cret") == std::string::npos);
}

TEST_CASE("redirect Locations resolve against the URL that answered") {
  const auto [location, expected] = GENERATE(table<std::string, std::string>({
      {"/other", "http://h:1/other"},
      {"next", "http://h:1/a/next"},
      {"../up?x=1", "http://h:1/up?x=1"},
      {"./same/", "http://h:1/a/same/"},
      {"?page=2", "http://h:1/a/b?page=2"},
      {"//other:2/p", "http://other:2/p"},
      {"https://secure/x#f", "https://secure/x"},
      {"", "http://h:1/a/b?q=1"},
      {"/a/../../..", "http://h:1/"},
  }));
  auto base = parse_url("http://h:1/a/b?q=1");
  REQUIRE(base.ok());
  auto next = resolve_reference(base.value(), location);
  REQUIRE(next.ok());
  CHECK(next->text() == expected);
}

TEST_CASE("base64 encodes with padding") {
  const auto [in, out] = GENERATE(table<std::string, std::string>(
      {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}}));
  CHECK(base64_encode(in) == out);
}

TEST_CASE("the request text carries the target and every header") {
  auto url = parse_url("http://h:9090/metrics?x=1");
  REQUIRE(url.ok());
  kcheck::config::HttpOptions options;
  options.use_latest_spec = true;
  auto headers = build_headers(options, url.value(), true);
  REQUIRE(headers.ok());
  const std::string text = serialize_request(url.value(), headers.value());
  CHECK(text.rfind("GET /metrics?x=1 HTTP/1.1\r\nHost: h:9090\r\nUser-Agent: krakend-check/", 0) ==
        0);
  CHECK(text.find("\r\nAccept: " + std::string(kAcceptOpenMetrics) + "\r\n") != std::string::npos);
  CHECK(text.find("\r\nAccept-Encoding: gzip\r\n\r\n") != std::string::npos);
}

TEST_CASE("a header value with a line break is named by its option and name, never its value") {
  const std::string option = GENERATE(as<std::string>{}, "headers", "extra_headers");
  auto url = parse_url("http://h/");
  REQUIRE(url.ok());
  kcheck::config::HttpOptions options;
  const std::vector<std::pair<std::string, std::string>> entries{{"X-Evil", "a\r\nsecret: 1"}};
  if (option == "headers") options.headers = entries;
  if (option == "extra_headers") options.extra_headers = entries;
  auto headers = build_headers(options, url.value(), true);
  REQUIRE_FALSE(headers.ok());
  CHECK(headers.status().code() == StatusCode::kInvalidArgument);
  CHECK(headers.status().message() ==
        option + ": header \"X-Evil\": value contains a line break or NUL");
}

TEST_CASE("a header name that is not a token is rejected without echoing it") {
  auto url = parse_url("http://h/");
  REQUIRE(url.ok());
  kcheck::config::HttpOptions options;
  options.extra_headers = {{"Authorization: Bearer secret", "x"}};
  auto headers = build_headers(options, url.value(), true);
  REQUIRE_FALSE(headers.ok());
  CHECK(headers.status().code() == StatusCode::kInvalidArgument);
  CHECK(headers.status().message() ==
        "extra_headers: a header name has invalid characters (letters, digits and "
        "!#$%&'*+-.^_`|~ only)");
}

TEST_CASE("credentials are left out when the request goes to another origin") {
  auto url = parse_url("http://h/");
  REQUIRE(url.ok());
  kcheck::config::HttpOptions options;
  options.username = "u";
  auto with = build_headers(options, url.value(), true);
  auto without = build_headers(options, url.value(), false);
  REQUIRE(with.ok());
  REQUIRE(without.ok());
  CHECK(serialize_request(url.value(), with.value()).find("Authorization: Basic dTo=") !=
        std::string::npos);
  CHECK(serialize_request(url.value(), without.value()).find("Authorization") == std::string::npos);
}

TEST_CASE("durations in messages read naturally") {
  using std::chrono::milliseconds;
  CHECK(format_duration(milliseconds(300)) == "300 ms");
  CHECK(format_duration(milliseconds(10000)) == "10 s");
  CHECK(format_duration(milliseconds(1500)) == "1.5 s");
  CHECK(format_duration(milliseconds(2050)) == "2.05 s");
}

TEST_CASE("a phase timeout only applies when it is shorter than the total") {
  kcheck::config::HttpOptions options;
  options.timeout = std::chrono::milliseconds(1000);
  options.connect_timeout = std::chrono::milliseconds(200);
  options.read_timeout = std::chrono::milliseconds(5000);
  const auto t0 = Clock::now();
  const Budget budget(options, t0);
  const Limit connect = budget.connect_phase(t0);
  CHECK(connect.option == "connect_timeout");
  CHECK(connect.at == t0 + std::chrono::milliseconds(200));
  const Limit read = budget.read_phase(t0 + std::chrono::milliseconds(100));
  CHECK(read.option == "timeout");
  CHECK(read.at == t0 + std::chrono::milliseconds(1000));
}
