// Redirects: statuses, Location forms, loops, the hop limit, allow_redirects: false, and
// credentials that never follow a redirect to another origin.
#include <catch2/catch.hpp>
#include <map>

#include "http_test_util.hpp"

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
