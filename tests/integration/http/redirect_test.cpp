// Redirects: statuses, Location forms, loops, the hop limit, allow_redirects: false,
// credentials and configured headers that never follow a redirect to another origin, and
// the https -> http downgrade that is refused.
#include <catch2/catch.hpp>
#include <map>

#include "http_test_util.hpp"
#include "tls_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;

namespace {

// Serves a map of target -> full response; anything else is a 404.
TestServer::Handler routes(std::map<std::string, std::string> table) {
  return [table](Conn& c) {
    while (auto req = c.read_request()) {
      const auto it = table.find(request_target(*req));
      if (!c.send(it != table.end() ? it->second : http_response(404, "Not Found", ""))) return;
    }
  };
}

std::string redirect(int status, const std::string& reason, const std::string& location) {
  return http_response(status, reason, "moved", {{"Location", location}});
}

}  // namespace

TEST_CASE("301, 302, 303, 307 and 308 redirects are followed") {
  const auto [status, reason] = GENERATE(table<int, std::string>({{301, "Moved Permanently"},
                                                                  {302, "Found"},
                                                                  {303, "See Other"},
                                                                  {307, "Temporary Redirect"},
                                                                  {308, "Permanent Redirect"}}));
  TestServer server(routes({{"/metrics", redirect(status, reason, "/real")},
                            {"/real", http_response(200, "OK", "a 1\n")}}));
  auto r = fetch_once(options_for(server.url()));
  REQUIRE(r.ok());
  CHECK(r->body == "a 1\n");
}

TEST_CASE("relative, absolute-path and absolute Locations are resolved") {
  TestServer* self = nullptr;
  TestServer server([&self](Conn& c) {
    while (auto req = c.read_request()) {
      const std::string target = request_target(*req);
      std::string out;
      if (target == "/dir/start")
        out = redirect(302, "Found", "next?x=1");
      else if (target == "/dir/next?x=1")
        out = redirect(301, "Moved Permanently", "../abs/path");
      else if (target == "/abs/path")
        out = redirect(307, "Temporary Redirect", self->url("/final"));
      else if (target == "/final")
        out = http_response(200, "OK", "done\n");
      else
        out = http_response(404, "Not Found", "");
      if (!c.send(out)) return;
    }
  });
  self = &server;
  auto r = fetch_once(options_for(server.url("/dir/start")));
  REQUIRE(r.ok());
  CHECK(r->body == "done\n");
  std::vector<std::string> targets;
  for (const auto& req : server.requests()) targets.push_back(request_target(req));
  CHECK(targets == std::vector<std::string>{"/dir/start", "/dir/next?x=1", "/abs/path", "/final"});
}

TEST_CASE("a redirect loop is an error that shows the loop") {
  TestServer server(routes(
      {{"/a", redirect(302, "Found", "/b")}, {"/b", redirect(301, "Moved Permanently", "/a")}}));
  auto r = fetch_once(options_for(server.url("/a")));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "redirect loop: " + server.url("/a") + " -> " + server.url("/b") +
                                    " -> " + server.url("/a"));
}

TEST_CASE("more than 5 redirects is an error") {
  std::map<std::string, std::string> table;
  for (int i = 0; i < 10; ++i) {
    table["/r" + std::to_string(i)] = redirect(302, "Found", "/r" + std::to_string(i + 1));
  }
  TestServer server(routes(table));
  auto r = fetch_once(options_for(server.url("/r0")));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "too many redirects (more than 5) from " + server.url("/r0"));
  CHECK(server.requests().size() == 6);
}

TEST_CASE("exactly 5 redirects are followed") {
  std::map<std::string, std::string> table;
  for (int i = 0; i < 5; ++i) {
    table["/r" + std::to_string(i)] = redirect(302, "Found", "/r" + std::to_string(i + 1));
  }
  table["/r5"] = http_response(200, "OK", "end\n");
  TestServer server(routes(table));
  auto r = fetch_once(options_for(server.url("/r0")));
  REQUIRE(r.ok());
  CHECK(r->body == "end\n");
}

TEST_CASE("allow_redirects false reports the redirect instead of following it") {
  TestServer server(routes({{"/metrics", redirect(302, "Found", "/real")},
                            {"/real", http_response(200, "OK", "a 1\n")}}));
  auto options = options_for(server.url());
  options.allow_redirects = false;
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() ==
        "HTTP 302 Found from " + server.url() +
            " (redirect to \"/real\" not followed: allow_redirects is false)");
  CHECK(server.requests().size() == 1);
}

TEST_CASE("credentials follow a same-origin redirect but not one to another origin") {
  TestServer other(routes({{"/metrics", http_response(200, "OK", "other\n")}}));
  TestServer server(routes({{"/metrics", redirect(302, "Found", "/same")},
                            {"/same", redirect(302, "Found", other.url())}}));
  auto options = options_for(server.url());
  options.username = "user";
  options.password = "pw";
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->body == "other\n");
  const auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(header_value(reqs[1], "Authorization") == "Basic dXNlcjpwdw==");
  CHECK(header_value(other.requests().at(0), "Authorization").empty());
}

namespace {

// The header names of a request head, in order ("Host", "User-Agent", ...).
std::vector<std::string> header_names(const std::string& head) {
  std::vector<std::string> names;
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos + 2 < head.size()) {
    const std::size_t end = head.find("\r\n", pos + 2);
    const std::string line = head.substr(pos + 2, end - pos - 2);
    if (line.empty()) break;
    names.push_back(line.substr(0, line.find(':')));
    pos = end;
  }
  return names;
}

const std::vector<std::string> kDefaultHeaderNames{"Host", "User-Agent", "Accept",
                                                   "Accept-Encoding"};

}  // namespace

TEST_CASE("a redirect to another origin sends only the default headers, whatever the secret") {
  const TokenFile token("secret-token\n");
  const auto [secret, first_origin_header] = GENERATE(table<std::string, std::string>({
      {"headers", "X-Api-Key"},
      {"extra_headers Authorization", "Authorization"},
      {"extra_headers Proxy-Authorization", "Proxy-Authorization"},
      {"extra_headers Cookie", "Cookie"},
      {"username and password", "Authorization"},
      {"auth_token", "Authorization"},
  }));
  TestServer other(routes({{"/metrics", http_response(200, "OK", "other\n")}}));
  TestServer server(routes({{"/metrics", redirect(302, "Found", other.url())}}));
  auto options = options_for(server.url());
  if (secret == "headers") options.headers = {{{"X-Api-Key", "k"}, {"Accept", "text/plain"}}};
  if (secret == "extra_headers Authorization") options.extra_headers = {{"Authorization", "a"}};
  if (secret == "extra_headers Proxy-Authorization") {
    options.extra_headers = {{"Proxy-Authorization", "Basic cDpx"}};
  }
  if (secret == "extra_headers Cookie") options.extra_headers = {{"Cookie", "session=s"}};
  if (secret == "username and password") {
    options.username = "user";
    options.password = "pw";
  }
  if (secret == "auth_token") options.auth_token_path = token.path();
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->body == "other\n");
  CHECK_FALSE(header_value(server.requests().at(0), first_origin_header).empty());
  REQUIRE(other.requests().size() == 1);
  CHECK(header_names(other.requests()[0]) == kDefaultHeaderNames);
}

TEST_CASE("a same-origin redirect keeps the configured headers and credentials") {
  TestServer server(routes({{"/metrics", redirect(302, "Found", "/same")},
                            {"/same", http_response(200, "OK", "same\n")}}));
  auto options = options_for(server.url());
  options.headers = {{{"X-Api-Key", "k"}}};
  options.extra_headers = {{"Cookie", "session=s"}};
  options.username = "user";
  options.password = "pw";
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  const auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(header_names(reqs[1]) ==
        std::vector<std::string>{"Host", "X-Api-Key", "Cookie", "Authorization"});
  CHECK(header_value(reqs[1], "Authorization") == "Basic dXNlcjpwdw==");
}

TEST_CASE("a redirect from https to http is refused and names the Location") {
  const auto& c = certs();
  TestServer plain(routes({{"/metrics", http_response(200, "OK", "cleartext\n")}}));
  TestServer secure(routes({{"/metrics", redirect(301, "Moved Permanently", plain.url())}}),
                    {false, server_tls(c.server_cert, c.server_key)});
  auto options = options_for(secure.url());
  options.tls_ca_cert = c.ca_cert;
  options.extra_headers = {{"X-Api-Key", "k"}};
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "refused redirect from " + secure.url() + " to \"" + plain.url() +
                                    "\": it would downgrade https to http");
  CHECK(plain.requests().empty());
}
