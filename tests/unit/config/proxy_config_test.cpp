// The proxy options (proxy, skip_proxy, use_agent_proxy): where they are read from, what they
// become, and the exact messages of the ones refused.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"

using kcheck::config::load_instance;

namespace {

const std::string kEndpoint = "openmetrics_endpoint: http://localhost:9090/metrics\n";

kcheck::config::HttpOptions http_of(const std::string& init, const std::string& instance) {
  auto result = load_instance(init, kEndpoint + instance, 0);
  INFO(result.status().message());
  REQUIRE(result.ok());
  return result.value().http;
}

}  // namespace

TEST_CASE("Without proxy options the environment decides and no proxy is configured",
          "[config][proxy]") {
  const auto http = http_of("", "");
  CHECK_FALSE(http.proxy.has_value());
  CHECK_FALSE(http.skip_proxy);
  CHECK(http.use_agent_proxy);
}

TEST_CASE("A comma-separated no_proxy string becomes its entries", "[config][proxy]") {
  const auto http =
      http_of("", "proxy:\n  http: http://p:3128\n  no_proxy: 'a.com, .b.com;10.0.0.1,'");
  REQUIRE(http.proxy.has_value());
  CHECK(http.proxy->http == "http://p:3128");
  CHECK_FALSE(http.proxy->https.has_value());
  CHECK(http.proxy->no_proxy == std::vector<std::string>{"a.com", ".b.com", "10.0.0.1"});
}

TEST_CASE("An empty proxy URL is kept: it means no proxy for that scheme", "[config][proxy]") {
  const auto http = http_of("", "proxy: {http: '', https: ''}");
  REQUIRE(http.proxy.has_value());
  CHECK(http.proxy->http == "");
  CHECK(http.proxy->https == "");
}

TEST_CASE("proxy and skip_proxy fall back to init_config", "[config][proxy]") {
  const auto http = http_of("proxy: {https: 'http://p:1'}\nskip_proxy: true", "");
  REQUIRE(http.proxy.has_value());
  CHECK(http.proxy->https == "http://p:1");
  CHECK(http.skip_proxy);
}

TEST_CASE("An instance's proxy replaces init_config's as a whole", "[config][proxy]") {
  const auto http =
      http_of("proxy: {http: 'http://a:1', https: 'http://b:1'}", "proxy: {http: 'http://c:1'}");
  REQUIRE(http.proxy.has_value());
  CHECK(http.proxy->http == "http://c:1");
  CHECK_FALSE(http.proxy->https.has_value());
}

TEST_CASE("An instance's skip_proxy and use_agent_proxy win over init_config's",
          "[config][proxy]") {
  const auto http = http_of("skip_proxy: true\nuse_agent_proxy: false",
                            "skip_proxy: false\nuse_agent_proxy: true");
  CHECK_FALSE(http.skip_proxy);
  CHECK(http.use_agent_proxy);
}

TEST_CASE("A bad proxy option is refused naming its key", "[config][proxy][bad]") {
  const auto [init, instance, message] = GENERATE(table<std::string, std::string, std::string>({
      {"", "proxy: {https: 'socks5://u:secret@h:1080'}",
       "instances[0].proxy.https: expected an http:// proxy URL (socks and https:// proxies "
       "are not supported), got \"socks5://***@h:1080\""},
      {"proxy: {http: 'https://p:3128'}", "",
       "init_config.proxy.http: expected an http:// proxy URL (socks and https:// proxies "
       "are not supported), got \"https://p:3128\""},
      {"", "proxy: {http: 'p:3128'}",
       "instances[0].proxy.http: expected an http:// proxy URL (socks and https:// proxies "
       "are not supported), got \"p:3128\""},
      {"", "proxy: {http: 'http://u:secret@p:99999'}",
       "instances[0].proxy.http: expected a port between 1 and 65535 in the URL, got "
       "\"http://p:99999\""},
      {"", "proxy: 'http://p:3128'",
       "instances[0].proxy: expected a mapping with http, https and no_proxy, got "
       "\"http://p:3128\""},
      {"", "proxy: {ftp: 'http://p:3128'}", "instances[0].proxy: unknown key \"ftp\""},
      {"", "proxy: {no_proxy: 3}",
       "instances[0].proxy.no_proxy: expected a list of hosts or a comma-separated string, "
       "got 3"},
      {"", "skip_proxy: maybe", "instances[0].skip_proxy: expected a boolean, got \"maybe\""},
      {"use_agent_proxy: [1]", "", "init_config.use_agent_proxy: expected a boolean, got a list"},
  }));
  INFO(instance);
  const auto result = load_instance(init, kEndpoint + instance, 0);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == kcheck::StatusCode::kInvalidArgument);
  CHECK(result.status().message() == message);
}
