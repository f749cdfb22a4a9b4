// Credentials beyond the happy path (fetch_test.cpp has basic auth and the bearer token file
// being re-read): unusable token files, a rejected login, and a bearer token that never
// follows a redirect to another origin.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "http_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;

namespace {

TestServer::Handler serve_all(std::string response) {
  return [response](Conn& c) {
    while (c.read_request()) {
      if (!c.send(response)) return;
    }
  };
}

}  // namespace

TEST_CASE("an empty auth_token file is an invalid argument and sends no request") {
  TestServer server(serve_all(http_response(200, "OK", "a 1\n")));
  const TokenFile token(" \n\t\r\n");
  auto options = options_for(server.url());
  options.auth_token_path = token.path();
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() == "auth_token: \"" + token.path() + "\" is empty");
  CHECK(server.requests().empty());
}

TEST_CASE("an auth_token file with more than one line is an invalid argument") {
  TestServer server(serve_all(http_response(200, "OK", "a 1\n")));
  const TokenFile token("first-token\nInjected: header\n");
  auto options = options_for(server.url());
  options.auth_token_path = token.path();
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() == "auth_token: \"" + token.path() + "\" holds more than one line");
  CHECK(server.requests().empty());
}

TEST_CASE("credentials the server rejects are reported as HTTP 401") {
  TestServer server(serve_all(
      http_response(401, "Unauthorized", "", {{"WWW-Authenticate", "Basic realm=\"metrics\""}})));
  auto options = options_for(server.url());
  options.username = "user";
  options.password = "wrong";
  auto r = fetch_once(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() == "HTTP 401 Unauthorized from " + server.url());
}

TEST_CASE("the bearer token is not sent after a redirect to another origin") {
  TestServer other(serve_all(http_response(200, "OK", "other 1\n")));
  TestServer server(serve_all(http_response(302, "Found", "", {{"Location", other.url()}})));
  const TokenFile token("secret-token\n");
  auto options = options_for(server.url());
  options.auth_token_path = token.path();
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->body == "other 1\n");
  CHECK(header_value(server.requests().at(0), "Authorization") == "Bearer secret-token");
  CHECK(header_value(other.requests().at(0), "Authorization").empty());
}
