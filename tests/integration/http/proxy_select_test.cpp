// Which proxy a request takes: proxy URLs, no_proxy / NO_PROXY entries, and how the options
// and the environment combine (pure functions, no sockets).
#include <catch2/catch.hpp>
#include <map>

#include "http/proxy.hpp"

using kcheck::StatusCode;
using namespace kcheck::http;

namespace {

Url url_of(const std::string& text) {
  auto url = parse_url(text);
  REQUIRE(url.ok());
  return url.value();
}

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// The name of the chosen proxy, "" for a direct connection.
std::string chosen(const kcheck::config::HttpOptions& options, const std::string& target,
                   std::map<std::string, std::string> vars = {}) {
  auto proxy = select_proxy(options, url_of(target), env_of(std::move(vars)));
  REQUIRE(proxy.ok());
  return proxy.value() ? proxy.value()->name : "";
}

kcheck::config::HttpOptions with_proxy(std::optional<std::string> http,
                                       std::optional<std::string> https,
                                       std::vector<std::string> no_proxy = {}) {
  kcheck::config::HttpOptions options;
  options.proxy =
      kcheck::config::ProxyOptions{std::move(http), std::move(https), std::move(no_proxy)};
  return options;
}

}  // namespace

TEST_CASE("a proxy URL's userinfo becomes Proxy-Authorization and is masked in its name") {
  auto proxy = parse_proxy("http://us%40er:p%3Ass@proxy.local:3128", "proxy.http");
  REQUIRE(proxy.ok());
  CHECK(proxy->name == "http://***@proxy.local:3128");
  CHECK(proxy->authorization == "Basic " + std::string("dXNAZXI6cDpzcw=="));  // us@er:p:ss
  CHECK(proxy->url.authority() == "proxy.local:3128");
}

TEST_CASE("a proxy URL without a scheme is read as http with port 80 by default") {
  auto proxy = parse_proxy("proxy.local", "HTTP_PROXY");
  REQUIRE(proxy.ok());
  CHECK(proxy->name == "http://proxy.local");
  CHECK(proxy->url.authority() == "proxy.local:80");
  CHECK(proxy->authorization.empty());
}

TEST_CASE("a socks proxy URL is refused naming its source without its credentials") {
  auto proxy = parse_proxy("socks5://u:secret@h:1080", "HTTPS_PROXY");
  REQUIRE_FALSE(proxy.ok());
  CHECK(proxy.status().code() == StatusCode::kInvalidArgument);
  CHECK(proxy.status().message() ==
        "HTTPS_PROXY: expected an http:// proxy URL (socks and https:// proxies are not "
        "supported), got \"socks5://***@h:1080\"");
}

TEST_CASE("a proxy URL whose password holds an unescaped / is refused without showing it") {
  auto proxy = parse_proxy("http://u:se/cret@h:3128", "HTTP_PROXY");
  REQUIRE_FALSE(proxy.ok());
  INFO(proxy.status().message());
  CHECK(proxy.status().message().rfind("HTTP_PROXY: invalid URL \"http://***@h:3128\": ", 0) == 0);
  CHECK(proxy.status().message().find("cret") == std::string::npos);
}

TEST_CASE("no_proxy entries match hosts, domains, addresses, blocks and ports") {
  const auto [entry, target, matches] = GENERATE(table<std::string, std::string, bool>({
      {"*", "http://anything:1/", true},
      {"example.com", "http://example.com/", true},
      {"example.com", "http://api.Example.COM/", true},
      {"example.com", "http://badexample.com/", false},
      {".example.com", "http://api.example.com/", true},
      {".example.com", "http://example.com/", false},
      {"*.example.com", "http://api.example.com/", true},
      {"127.0.0.1", "http://127.0.0.1:9090/", true},
      {"127.0.0.1", "http://localhost:9090/", false},
      {"127.0.0.0/8", "http://127.1.2.3/", true},
      {"10.0.0.0/8", "http://127.0.0.1/", false},
      {"::1", "http://[::1]:9090/", true},
      {"[::1]:9090", "http://[::1]:9090/", true},
      {"fd00::/8", "http://[fd12::1]/", true},
      {"localhost:9090", "http://localhost:9090/", true},
      {"localhost:9091", "http://localhost:9090/", false},
      {"127.0.0.1:443", "https://127.0.0.1/", true},
      {"127.0.0.0/99", "http://127.0.0.1/", false},
  }));
  INFO(entry << " vs " << target);
  CHECK(no_proxy_matches({entry}, url_of(target), LeadingDot::kSubdomainsOnly) == matches);
}

TEST_CASE("a NO_PROXY entry with a leading dot also matches the domain itself") {
  CHECK(no_proxy_matches({".example.com"}, url_of("http://example.com/"), LeadingDot::kDomainToo));
}

TEST_CASE("NO_PROXY is split on commas and blanks are dropped") {
  CHECK(split_no_proxy(" a.com, ,b.com,") == std::vector<std::string>{"a.com", "b.com"});
}

TEST_CASE("the configured proxy for the target's scheme is used") {
  const auto options = with_proxy("http://p1:3128", "http://p2:3128");
  CHECK(chosen(options, "http://h/") == "http://p1:3128");
  CHECK(chosen(options, "https://h/") == "http://p2:3128");
}

TEST_CASE("no_proxy bypasses the configured proxy and the environment's") {
  const auto options = with_proxy("http://p1:3128", std::nullopt, {"h"});
  CHECK(chosen(options, "http://h/").empty());
  CHECK(chosen(options, "https://h/", {{"HTTPS_PROXY", "http://env:1"}}).empty());
}

TEST_CASE("a scheme the proxy option leaves out falls back to the environment") {
  const auto options = with_proxy("http://p1:3128", std::nullopt);
  CHECK(chosen(options, "https://h/", {{"HTTPS_PROXY", "http://env:1"}}) == "http://env:1");
}

TEST_CASE("an empty proxy URL means no proxy for that scheme, the environment's neither") {
  const auto options = with_proxy("", std::nullopt);
  CHECK(chosen(options, "http://h/", {{"HTTP_PROXY", "http://env:1"}}).empty());
}

TEST_CASE("skip_proxy bypasses the proxy option and the environment") {
  auto options = with_proxy("http://p1:3128", "http://p2:3128");
  options.skip_proxy = true;
  CHECK(chosen(options, "http://h/", {{"http_proxy", "http://env:1"}}).empty());
}

TEST_CASE("the lower case environment variable wins over the upper case one") {
  const kcheck::config::HttpOptions options;
  CHECK(chosen(options, "http://h/",
               {{"http_proxy", "http://low:1"}, {"HTTP_PROXY", "http://up:1"}}) == "http://low:1");
  CHECK(chosen(options, "http://h/", {{"HTTP_PROXY", "http://up:1"}}) == "http://up:1");
  CHECK(chosen(options, "http://h/", {{"http_proxy", ""}, {"HTTP_PROXY", "http://up:1"}}).empty());
}

TEST_CASE("NO_PROXY in either case bypasses the environment's proxy") {
  const kcheck::config::HttpOptions options;
  CHECK(chosen(options, "http://h/", {{"HTTP_PROXY", "http://up:1"}, {"NO_PROXY", "x,h"}}).empty());
  CHECK(chosen(options, "http://h/", {{"HTTP_PROXY", "http://up:1"}, {"no_proxy", "h"}}).empty());
}

TEST_CASE("NO_PROXY does not bypass a configured proxy") {
  const auto options = with_proxy("http://p1:3128", std::nullopt);
  CHECK(chosen(options, "http://h/", {{"NO_PROXY", "*"}}) == "http://p1:3128");
}

TEST_CASE("a socks proxy in the environment fails the request naming the variable") {
  const kcheck::config::HttpOptions options;
  auto proxy =
      select_proxy(options, url_of("https://h/"), env_of({{"https_proxy", "socks5h://h:1"}}));
  REQUIRE_FALSE(proxy.ok());
  CHECK(proxy.status().message() ==
        "https_proxy: expected an http:// proxy URL (socks and https:// proxies are not "
        "supported), got \"socks5h://h:1\"");
}

TEST_CASE("connections through different proxies or credentials are kept apart") {
  const Url target = url_of("http://h:1/");
  auto a = parse_proxy("http://u:1@p:3128", "x");
  auto b = parse_proxy("http://v:2@p:3128", "x");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(route_key(target, nullptr) == target.origin());
  CHECK(route_key(target, &a.value()) != route_key(target, nullptr));
  CHECK(route_key(target, &a.value()) != route_key(target, &b.value()));
}
