// The Zabbix module's rules without the agent: item parameters, targets (URL or conf.yaml
// instance), and the answers read from a recorded snapshot (krakend.get's JSON, discovery
// macros, krakend.value's tag matching, krakend.health).
#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "item_params.hpp"
#include "lookup.hpp"
#include "render.hpp"
#include "target.hpp"

using kcheck::CheckStatus;
using kcheck::zabbix::ItemKind;
using kcheck::zabbix::Series;
using kcheck::zabbix::ServiceCheck;
using kcheck::zabbix::Snapshot;

namespace {

kcheck::Result<kcheck::zabbix::ItemParams> parse(ItemKind kind,
                                                 std::vector<std::string_view> params) {
  return kcheck::zabbix::parse_item_params(kind, params);
}

// Two series of one metric told apart by `route`, a gauge, and an OK health check.
Snapshot sample_snapshot() {
  Snapshot s;
  s.endpoint = "http://gw:9090/metrics";
  s.metrics.push_back({"krakend.api.requests.count",
                       "monotonic_count",
                       17,
                       {"route:/a", "method:GET", "env:prod"},
                       ""});
  s.metrics.push_back({"krakend.api.requests.count",
                       "monotonic_count",
                       3,
                       {"route:/b", "method:GET", "env:prod"},
                       ""});
  s.metrics.push_back({"krakend.api.go.goroutines", "gauge", 42, {"env:prod"}, ""});
  s.service_checks.push_back(
      {"krakend.api.openmetrics.health", CheckStatus::kOk, "", {"env:prod"}, ""});
  return s;
}

}  // namespace

TEST_CASE("zabbix: item parameters are checked per item, naming the item's usage") {
  auto value = parse(ItemKind::kValue, {"gw", "m", "a:b", "", "c:d"});
  REQUIRE(value.ok());
  CHECK(value->target == "gw");
  CHECK(value->metric == "m");
  CHECK(value->tags == std::vector<std::string>{"a:b", "c:d"});
  CHECK(parse(ItemKind::kGet, {"http://h/m"}).ok());
  CHECK(parse(ItemKind::kDiscovery, {"gw", "m"}).ok());

  struct Case {
    ItemKind kind;
    std::vector<std::string_view> params;
    std::string error;
  };
  const Case c = GENERATE(
      Case{ItemKind::kGet, {}, "krakend.get[<target>]: the first parameter must be"},
      Case{ItemKind::kHealth, {""}, "krakend.health[<target>]: the first parameter must be"},
      Case{ItemKind::kGet, {"gw", "x"}, "krakend.get[<target>]: got 2 parameters"},
      Case{ItemKind::kValue, {"gw"}, "krakend.value[<target>,<metric name>,<tag>,...]: got 1 "},
      Case{ItemKind::kValue, {"gw", ""}, "krakend.value[<target>,<metric name>,<tag>,...]: the "},
      Case{ItemKind::kDiscovery, {"gw", "m", "a:b"}, "krakend.discovery[<target>,<metric name>]"});
  auto result = parse(c.kind, c.params);
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.status().message(), Catch::StartsWith(c.error));
}

TEST_CASE("zabbix: a URL target works with the defaults and no file") {
  using kcheck::zabbix::is_url_target;
  CHECK(is_url_target("http://h:9090/metrics"));
  CHECK(is_url_target("HTTPS://h/metrics"));
  CHECK_FALSE(is_url_target("gateway"));
  CHECK_FALSE(is_url_target("http:/h"));

  auto target = kcheck::zabbix::resolve_target("http://h:9090/metrics", "/nonexistent.yaml");
  REQUIRE(target.ok());
  CHECK(target->key == "http://h:9090/metrics");
  CHECK(target->config.http.endpoint == "http://h:9090/metrics");
  CHECK(target->cache_ttl == kcheck::zabbix::kDefaultCacheTtl);

  auto bad = kcheck::zabbix::url_target("http://");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(),
             Catch::StartsWith("target \"http://\": instances[0].openmetrics_endpoint"));
}

TEST_CASE("zabbix: a named target is the conf.yaml instance of that name, cache_seconds removed") {
  const std::string conf =
      "init_config:\n  cache_seconds: 30\n  timeout: 4\n"
      "instances:\n"
      "  - name: a\n    openmetrics_endpoint: http://a/m\n"
      "  - name: b\n    openmetrics_endpoint: http://b/m\n    cache_seconds: 0.5\n"
      "  - openmetrics_endpoint: http://unnamed/m\n    timeout: ten\n";
  auto a = kcheck::zabbix::named_target("a", "/etc/k.yaml", conf);
  REQUIRE(a.ok());
  CHECK(a->config.http.endpoint == "http://a/m");
  CHECK(a->config.http.timeout == std::chrono::seconds(4));
  CHECK(a->cache_ttl == std::chrono::seconds(30));
  CHECK(a->config_texts.find("cache_seconds") == std::string::npos);
  auto b = kcheck::zabbix::named_target("b", "/etc/k.yaml", conf);
  REQUIRE(b.ok());
  CHECK(b->cache_ttl == std::chrono::milliseconds(500));
  CHECK(a->config_texts != b->config_texts);
}

TEST_CASE("zabbix: a named target's errors start with the conf path and name the key") {
  struct Case {
    std::string name;
    std::string conf;
    std::string error;
  };
  const Case c = GENERATE(
      Case{"a", "instances:\n  - name: b\n    openmetrics_endpoint: http://b/m\n",
           "/k.yaml: no instance has name: \"a\" (names: \"b\")"},
      Case{"a", "instances:\n  - openmetrics_endpoint: http://b/m\n",
           "/k.yaml: no instance has name: \"a\" (no instance has a name)"},
      Case{"a",
           "instances:\n  - name: a\n    openmetrics_endpoint: http://a/m\n"
           "  - name: a\n    openmetrics_endpoint: http://b/m\n",
           "/k.yaml: instances[1].name: \"a\" is also the name of instances[0]"},
      Case{"a", "instances:\n  - name: a\n    openmetrics_endpoint: http://a/m\n    timeout: ten\n",
           "/k.yaml: instances[0].timeout: expected a number > 0, got \"ten\""},
      Case{"a",
           "instances:\n  - name: a\n    openmetrics_endpoint: http://a/m\n"
           "    cache_seconds: forever\n",
           "/k.yaml: instances[0].cache_seconds: expected a number of seconds from 0 to 3600, "
           "got \"forever\""},
      Case{"a",
           "init_config:\n  cache_seconds: 7200\ninstances:\n  - name: a\n"
           "    openmetrics_endpoint: http://a/m\n",
           "/k.yaml: init_config.cache_seconds: expected a number of seconds from 0 to 3600, "
           "got 7200"},
      Case{"a",
           "instances:\n  - name: a\n    openmetrics_endpoint: http://a/m\n"
           "    log_files: [/var/log/krakend.log]\n",
           "/k.yaml: instances[0].log_files: log tailing is not supported by the Zabbix module"},
      Case{"a", "instances: [unclosed\n", "/k.yaml: conf.yaml: invalid YAML"},
      Case{"a", "", "/k.yaml: conf.yaml: empty configuration"});
  auto target = kcheck::zabbix::named_target(c.name, "/k.yaml", c.conf);
  REQUIRE_FALSE(target.ok());
  CHECK_THAT(target.status().message(), Catch::StartsWith(c.error));
}

TEST_CASE("zabbix: a named target without its file is an error naming the path") {
  auto target = kcheck::zabbix::resolve_target("gw", "/nonexistent/krakend.yaml");
  REQUIRE_FALSE(target.ok());
  CHECK(target.status().message() ==
        "cannot read /nonexistent/krakend.yaml: No such file or directory (the target \"gw\" is "
        "an instance name; a URL target needs no file)");
}

TEST_CASE("zabbix: krakend.get renders every submission as one escaped JSON object") {
  Snapshot s = sample_snapshot();
  s.metrics.push_back({"q\"uote", "gauge", std::numeric_limits<double>::quiet_NaN(), {}, "h1"});
  s.metrics.push_back({"inf", "gauge", -std::numeric_limits<double>::infinity(), {}, ""});
  s.metrics.push_back({"frac", "gauge", 0.000734, {"a\\b:\n"}, ""});
  const std::string json = kcheck::zabbix::render_get(s);
  CHECK_THAT(json, Catch::StartsWith(R"({"status":"ok","error":null,"metrics":[{"name":)"
                                     R"("krakend.api.requests.count","type":"monotonic_count",)"
                                     R"("value":17,"tags":["route:/a","method:GET","env:prod"]})"));
  CHECK_THAT(json, Catch::Contains(R"({"name":"q\"uote","type":"gauge","value":"NaN","tags":[],)"
                                   R"("hostname":"h1"})"));
  CHECK_THAT(json, Catch::Contains(R"("value":"-Inf")"));
  CHECK_THAT(json, Catch::Contains(R"("value":0.000734,"tags":["a\\b:\n"])"));
  CHECK_THAT(json, Catch::EndsWith(R"("service_checks":[{"name":"krakend.api.openmetrics.health",)"
                                   R"("status":0,"message":"","tags":["env:prod"]}]})"));
  rapidjson::Document doc;
  CHECK_FALSE(doc.Parse(json.c_str()).HasParseError());
}

TEST_CASE("zabbix: krakend.get of a failed scrape carries the status name and the error") {
  Snapshot s;
  s.status = kcheck::unavailable("connection refused to gw:9090");
  s.service_checks.push_back({"krakend.api.openmetrics.health",
                              CheckStatus::kCritical,
                              "connection refused to gw:9090",
                              {},
                              ""});
  CHECK(kcheck::zabbix::render_get(s) ==
        R"({"status":"unavailable","error":"connection refused to gw:9090","metrics":[],)"
        R"("service_checks":[{"name":"krakend.api.openmetrics.health","status":2,)"
        R"("message":"connection refused to gw:9090","tags":[]}]})");
}

TEST_CASE("zabbix: LLD macros are upper case, other characters underscores") {
  using kcheck::zabbix::macro_name;
  CHECK(macro_name("http_route") == "{#HTTP_ROUTE}");
  CHECK(macro_name("krakend.service_name") == "{#KRAKEND_SERVICE_NAME}");
  CHECK(macro_name("\xC3\xA9-x9") == "{#___X9}");  // "é-x9": one _ per byte
}

TEST_CASE(
    "zabbix: krakend.discovery lists each series once, {#NAME} first, the first tag of a macro") {
  Snapshot s = sample_snapshot();
  s.metrics.push_back({"krakend.api.requests.count",
                       "monotonic_count",
                       5,
                       {"route:/b", "method:GET", "env:prod", "bare", "Route:/x", "name:n"},
                       ""});
  auto json = kcheck::zabbix::render_discovery(s, "krakend.api.requests.count");
  REQUIRE(json.ok());
  CHECK(*json == R"([{"{#NAME}":"krakend.api.requests.count","{#ROUTE}":"/a","{#METHOD}":"GET",)"
                 R"("{#ENV}":"prod"},{"{#NAME}":"krakend.api.requests.count","{#ROUTE}":"/b",)"
                 R"("{#METHOD}":"GET","{#ENV}":"prod"}])");
  CHECK(kcheck::zabbix::render_discovery(s, "absent").value() == "[]");
  s.status = kcheck::data_loss("line 1 col 2: bad");
  CHECK_FALSE(kcheck::zabbix::render_discovery(s, "krakend.api.requests.count").ok());
}

TEST_CASE("zabbix: krakend.value is the one series whose tags include every given tag") {
  const Snapshot s = sample_snapshot();
  using kcheck::zabbix::series_value;
  const std::vector<std::string> route_a = {"route:/a"};
  CHECK(series_value(s, "krakend.api.requests.count", route_a).value() == 17);
  CHECK(series_value(s, "krakend.api.go.goroutines", {}).value() == 42);
  CHECK(series_value(s, "krakend.api.openmetrics.health", {}).value() == 0);

  const std::vector<std::string> get = {"method:GET"};
  auto several = series_value(s, "krakend.api.requests.count", get);
  REQUIRE_FALSE(several.ok());
  CHECK(several.status().message() ==
        "2 series krakend.api.requests.count with tags method:GET in the scrape of "
        "http://gw:9090/metrics; add a tag to pick one, they differ in: route");
  const std::vector<std::string> route_c = {"route:/c", "method:GET"};
  auto none = series_value(s, "krakend.api.requests.count", route_c);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message() ==
        "no series krakend.api.requests.count with tags route:/c, method:GET in the scrape of "
        "http://gw:9090/metrics");
}

TEST_CASE(
    "zabbix: krakend.health is the health check's status, CRITICAL for a failure without one") {
  Snapshot s = sample_snapshot();
  CHECK(kcheck::zabbix::health_status(s) == 0);
  s.service_checks.front().status = CheckStatus::kWarning;
  CHECK(kcheck::zabbix::health_status(s) == 1);
  s.service_checks.clear();  // enable_health_service_check: false
  CHECK(kcheck::zabbix::health_status(s) == 0);
  s.status = kcheck::unavailable("refused");
  CHECK(kcheck::zabbix::health_status(s) == 2);
}
