// The Accept header: exact default values (never protobuf, which KrakenD would answer), and
// use_latest_spec asking for OpenMetrics even when `headers` replaces the defaults.
#include <catch2/catch.hpp>

#include "http/request.hpp"
#include "http/url.hpp"

using namespace kcheck::http;

namespace {

// Every Accept header of the request built for `options` (set_header keeps one per name).
std::vector<std::string> accept_values(const kcheck::config::HttpOptions& options) {
  auto url = parse_url("http://h:9090/metrics");
  REQUIRE(url.ok());
  auto headers = build_headers(options, url.value(), true);
  REQUIRE(headers.ok());
  std::vector<std::string> values;
  for (const auto& [name, value] : headers.value()) {
    if (name == "Accept" || name == "accept") values.push_back(value);
  }
  return values;
}

}  // namespace

TEST_CASE("the default Accept asks for Prometheus text 0.0.4 only") {
  kcheck::config::HttpOptions options;
  CHECK(accept_values(options) == std::vector<std::string>{"text/plain;version=0.0.4"});
}

TEST_CASE("use_latest_spec asks for OpenMetrics 1.0.0 first and Prometheus text as a fallback") {
  kcheck::config::HttpOptions options;
  options.use_latest_spec = true;
  CHECK(accept_values(options) ==
        std::vector<std::string>{
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"});
}

TEST_CASE("neither Accept value mentions protobuf") {
  for (std::string_view accept : {kAcceptText, kAcceptOpenMetrics}) {
    CHECK(accept.find("protobuf") == std::string_view::npos);
  }
}

TEST_CASE("use_latest_spec adds its Accept to headers that replace the defaults without one") {
  kcheck::config::HttpOptions options;
  options.use_latest_spec = true;
  options.headers = HeaderList{{"X-Api-Key", "k"}};
  CHECK(accept_values(options) == std::vector<std::string>{std::string(kAcceptOpenMetrics)});
}

TEST_CASE("an Accept given in headers wins over use_latest_spec") {
  kcheck::config::HttpOptions options;
  options.use_latest_spec = true;
  options.headers = HeaderList{{"accept", "text/plain"}};
  CHECK(accept_values(options) == std::vector<std::string>{"text/plain"});
}

TEST_CASE("headers without an Accept send none when use_latest_spec is off") {
  kcheck::config::HttpOptions options;
  options.headers = HeaderList{{"X-Api-Key", "k"}};
  CHECK(accept_values(options).empty());
}
