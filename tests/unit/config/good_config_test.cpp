// Configurations that must load, and the typed values they must produce.
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "shared_data.hpp"

using kcheck::config::InstanceConfig;
using kcheck::config::load_instance;
using std::chrono::milliseconds;

namespace {

const std::string kEndpoint = "openmetrics_endpoint: http://localhost:9090/metrics\n";

std::string data_file(const char* name) {
  const auto text = kcheck::test::read_file(kcheck::test::data_dir() / "config" / name);
  REQUIRE(text.has_value());
  return *text;
}

InstanceConfig load_ok(const std::string& init, const std::string& instance) {
  auto result = load_instance(init, instance, 0);
  INFO(result.status().message());
  REQUIRE(result.ok());
  return std::move(result).value();
}

using Headers = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("A minimal instance gets the documented defaults", "[config][good]") {
  const InstanceConfig c = load_ok("", kEndpoint);
  CHECK(c.http.endpoint == "http://localhost:9090/metrics");
  CHECK(c.http.timeout == milliseconds(10'000));
  CHECK_FALSE(c.http.connect_timeout.has_value());
  CHECK_FALSE(c.http.read_timeout.has_value());
  CHECK_FALSE(c.http.headers.has_value());
  CHECK(c.http.extra_headers.empty());
  CHECK_FALSE(c.http.username.has_value());
  CHECK_FALSE(c.http.password.has_value());
  CHECK_FALSE(c.http.auth_token_path.has_value());
  CHECK(c.http.tls_verify);
  CHECK_FALSE(c.http.tls_ca_cert.has_value());
  CHECK_FALSE(c.http.tls_cert.has_value());
  CHECK_FALSE(c.http.tls_private_key.has_value());
  CHECK_FALSE(c.http.tls_ignore_warning);
  CHECK(c.http.allow_redirects);
  CHECK_FALSE(c.http.use_latest_spec);
  CHECK(c.http.max_body_bytes == 64ull * 1024 * 1024);
  CHECK(c.map.namespace_prefix == "krakend.api");
  CHECK(c.map.go_metrics);
  CHECK(c.map.process_metrics);
  CHECK(c.map.tags.empty());
  CHECK_FALSE(c.map.service.has_value());
  CHECK(c.map.raw_metric_prefix.empty());
  CHECK(c.map.raw_line_filters.empty());
  CHECK(c.map.extra_metrics.empty());
  CHECK(c.map.exclude_metrics.empty());
  CHECK(c.map.exclude_metrics_by_labels.empty());
  CHECK(c.map.exclude_labels.empty());
  CHECK(c.map.include_labels.empty());
  CHECK(c.map.rename_labels.empty());
  CHECK(c.map.tag_by_endpoint);
  CHECK(c.map.collect_histogram_buckets);
  CHECK_FALSE(c.map.non_cumulative_histogram_buckets);
  CHECK_FALSE(c.map.histogram_buckets_as_distributions);
  CHECK(c.map.enable_health_service_check);
  CHECK_FALSE(c.map.ignore_connection_errors);
  CHECK_FALSE(c.map.hostname_label.has_value());
  CHECK_FALSE(c.map.hostname_format.has_value());
  CHECK_FALSE(c.map.empty_default_hostname);
  CHECK_FALSE(c.map.telemetry);
  CHECK(c.min_collection_interval == milliseconds(15'000));
  CHECK(c.name.empty());
}

TEST_CASE("Every option reaches its typed field", "[config][good]") {
  const InstanceConfig c = load_ok("", data_file("every_option.yaml"));
  CHECK(c.http.endpoint == "https://gateway.example.com:9443/metrics?format=prometheus");
  CHECK(c.name == "edge-gateway");
  CHECK(c.min_collection_interval == milliseconds(30'000));
  CHECK(c.map.empty_default_hostname);
  CHECK(c.map.service == "krakend");
  CHECK(c.map.tags == std::vector<std::string>{"env:prod", "team:api"});
  CHECK_FALSE(c.map.go_metrics);
  CHECK_FALSE(c.map.process_metrics);
  CHECK(c.http.timeout == milliseconds(2'500));
  CHECK(c.http.connect_timeout == milliseconds(750));
  CHECK(c.http.read_timeout == milliseconds(4'000));
  CHECK(c.http.headers == Headers{{"Accept", "text/plain"}, {"Host", "gateway.internal"}});
  CHECK(c.http.extra_headers == Headers{{"X-Scope", "metrics"}});
  CHECK(c.http.username == "monitor");
  CHECK(c.http.password == "s3cr3t: yes");
  CHECK(c.http.auth_token_path == "/var/run/secrets/token");
  CHECK_FALSE(c.http.tls_verify);
  CHECK(c.http.tls_ca_cert == "/etc/ssl/ca.pem");
  CHECK(c.http.tls_cert == "/etc/ssl/client.pem");
  CHECK(c.http.tls_private_key == "/etc/ssl/client.key");
  CHECK(c.http.tls_ignore_warning);
  CHECK_FALSE(c.http.allow_redirects);
  CHECK(c.http.use_latest_spec);
  CHECK(c.http.max_body_bytes == 1'048'576);
  CHECK(c.map.raw_metric_prefix == "krakend_");
  CHECK(c.map.raw_line_filters == std::vector<std::string>{"^# HELP", "le=\"\\+Inf\""});

  REQUIRE(c.map.extra_metrics.size() == 4);
  const auto& em = c.map.extra_metrics;
  CHECK(em[0].raw == "http_server_request_duration_seconds");
  CHECK(em[0].name == "http_server_request_duration_seconds");
  CHECK(em[0].type.empty());
  CHECK_FALSE(em[0].is_regex);
  CHECK(em[1].raw == "http_client_request_body_size_bytes");
  CHECK(em[1].name == "http_client.request_body_size");
  CHECK(em[1].type.empty());
  CHECK(em[2].raw == "^network_(ingress|egress)_.+");
  CHECK(em[2].is_regex);
  CHECK(em[2].name == "^network_(ingress|egress)_.+");
  CHECK(em[2].type == "gauge");
  CHECK(em[3].raw == "custom_total");
  CHECK(em[3].name == "custom.renamed");
  CHECK(em[3].type == "counter");

  CHECK(c.map.exclude_metrics == std::vector<std::string>{"go_info", "^go_memstats_.*"});
  REQUIRE(c.map.exclude_metrics_by_labels.size() == 2);
  CHECK(c.map.exclude_metrics_by_labels[0].label == "worker");
  CHECK(c.map.exclude_metrics_by_labels[0].any_value);
  CHECK(c.map.exclude_metrics_by_labels[0].values.empty());
  CHECK(c.map.exclude_metrics_by_labels[1].label == "pid");
  CHECK_FALSE(c.map.exclude_metrics_by_labels[1].any_value);
  CHECK(c.map.exclude_metrics_by_labels[1].values == std::vector<std::string>{"23", "4[0-9]"});
  CHECK(c.map.exclude_labels == std::vector<std::string>{"otel_scope_version"});
  CHECK(c.map.include_labels ==
        std::vector<std::string>{"http_route", "http_response_status_code"});
  CHECK(c.map.rename_labels ==
        std::map<std::string, std::string>{{"http_route", "route"}, {"service_name", "svc"}});
  CHECK_FALSE(c.map.tag_by_endpoint);
  CHECK_FALSE(c.map.collect_histogram_buckets);
  CHECK(c.map.non_cumulative_histogram_buckets);
  CHECK(c.map.histogram_buckets_as_distributions);
  CHECK_FALSE(c.map.enable_health_service_check);
  CHECK(c.map.ignore_connection_errors);
  CHECK(c.map.hostname_label == "instance");
  CHECK(c.map.hostname_format == "<HOSTNAME>-krakend");
  CHECK(c.map.telemetry);
  CHECK(c.map.strict_parsing);
  CHECK(c.map.max_returned_metrics == 5000);
  CHECK(c.map.limits.sample_limit == 0);
  CHECK(c.map.limits.label_limit == 500);
  CHECK(c.map.limits.label_name_length_limit == 2048);
  CHECK(c.map.limits.label_value_length_limit == 131072);
  REQUIRE(c.http.proxy.has_value());
  CHECK(c.http.proxy->http == "http://proxy-user:proxy%20pass@proxy.example.com:3128");
  CHECK(c.http.proxy->https == "http://proxy.example.com:3129");
  CHECK(c.http.proxy->no_proxy ==
        std::vector<std::string>{"localhost", ".internal.example.com", "10.0.0.0/8"});
  CHECK_FALSE(c.http.skip_proxy);
  CHECK_FALSE(c.http.use_agent_proxy);
}

TEST_CASE("A numeric password is accepted as its text, as Datadog does", "[config][good]") {
  CHECK(load_ok("", std::string(kEndpoint) + "\nusername: u\npassword: 12345").http.password ==
        "12345");
  CHECK(load_ok("", std::string(kEndpoint) + "\nusername: u\npassword: '007'").http.password ==
        "007");
}

TEST_CASE("auth_type basic, in any case, loads and changes nothing", "[config][good]") {
  // Datadog lowercases auth_type; basic authentication is username/password either way.
  const std::string value = GENERATE("basic", "Basic", "BASIC");
  const InstanceConfig c =
      load_ok("", std::string(kEndpoint) + "\nusername: u\npassword: p\nauth_type: " + value);
  CHECK(c.http.username == "u");
  CHECK(c.http.password == "p");
}

TEST_CASE("The scrape limits default to Prometheus-like values and 0 disables one",
          "[config][good]") {
  const InstanceConfig d = load_ok("", kEndpoint);
  CHECK(d.map.limits.sample_limit == 1'000'000);
  CHECK(d.map.limits.label_limit == 128);
  CHECK(d.map.limits.label_name_length_limit == 1'024);
  CHECK(d.map.limits.label_value_length_limit == 65'536);
  const InstanceConfig c =
      load_ok("", std::string(kEndpoint) +
                      "\nsample_limit: 0\nlabel_limit: 7\nlabel_name_length_limit: 9\n"
                      "label_value_length_limit: 0");
  CHECK(c.map.limits.sample_limit == 0);
  CHECK(c.map.limits.label_limit == 7);
  CHECK(c.map.limits.label_name_length_limit == 9);
  CHECK(c.map.limits.label_value_length_limit == 0);
}

TEST_CASE("Boolean options accept YAML booleans and the words true/false/yes/no/1/0",
          "[config][good]") {
  struct Spelling {
    std::string yaml;
    bool value;
  };
  const Spelling s = GENERATE(values<Spelling>({
      {"true", true},
      {"false", false},
      {"True", true},
      {"FALSE", false},
      {"'true'", true},
      {"\"False\"", false},
      {"yes", true},
      {"no", false},
      {"Yes", true},
      {"NO", false},
      {"'YES'", true},
      {"1", true},
      {"0", false},
      {"'1'", true},
      {"\"0\"", false},
      {"tRuE", true},
  }));
  using Field = std::function<bool(const InstanceConfig&)>;
  const std::pair<std::string, Field> option = GENERATE(values<std::pair<std::string, Field>>({
      {"go_metrics", [](const InstanceConfig& c) { return c.map.go_metrics; }},
      {"process_metrics", [](const InstanceConfig& c) { return c.map.process_metrics; }},
      {"tls_verify", [](const InstanceConfig& c) { return c.http.tls_verify; }},
      {"tls_ignore_warning", [](const InstanceConfig& c) { return c.http.tls_ignore_warning; }},
      {"allow_redirects", [](const InstanceConfig& c) { return c.http.allow_redirects; }},
      {"use_latest_spec", [](const InstanceConfig& c) { return c.http.use_latest_spec; }},
      {"tag_by_endpoint", [](const InstanceConfig& c) { return c.map.tag_by_endpoint; }},
      {"collect_histogram_buckets",
       [](const InstanceConfig& c) { return c.map.collect_histogram_buckets; }},
      {"non_cumulative_histogram_buckets",
       [](const InstanceConfig& c) { return c.map.non_cumulative_histogram_buckets; }},
      {"histogram_buckets_as_distributions",
       [](const InstanceConfig& c) { return c.map.histogram_buckets_as_distributions; }},
      {"enable_health_service_check",
       [](const InstanceConfig& c) { return c.map.enable_health_service_check; }},
      {"ignore_connection_errors",
       [](const InstanceConfig& c) { return c.map.ignore_connection_errors; }},
      {"empty_default_hostname",
       [](const InstanceConfig& c) { return c.map.empty_default_hostname; }},
      {"telemetry", [](const InstanceConfig& c) { return c.map.telemetry; }},
  }));
  INFO(option.first << ": " << s.yaml);
  const InstanceConfig c = load_ok("", kEndpoint + option.first + ": " + s.yaml);
  CHECK(option.second(c) == s.value);
}

TEST_CASE("go_metrics and process_metrics fall back to init_config, then to true",
          "[config][good]") {
  struct Case {
    std::string init;
    std::string instance;
    bool go;
    bool process;
  };
  const Case c = GENERATE(values<Case>({
      {"", "", true, true},
      {"go_metrics: false", "", false, true},
      {"process_metrics: 'no'", "", true, false},
      {"go_metrics: false\nprocess_metrics: false", "go_metrics: true", true, false},
      {"go_metrics: true", "go_metrics: 0\nprocess_metrics: No", false, false},
  }));
  INFO("init_config: " << c.init << " / instance: " << c.instance);
  const InstanceConfig cfg = load_ok(c.init, kEndpoint + c.instance);
  CHECK(cfg.map.go_metrics == c.go);
  CHECK(cfg.map.process_metrics == c.process);
}

TEST_CASE("timeout, service and min_collection_interval fall back to init_config",
          "[config][good]") {
  const std::string init = "timeout: 3\nservice: gw\nmin_collection_interval: 45";
  const InstanceConfig from_init = load_ok(init, kEndpoint);
  CHECK(from_init.http.timeout == milliseconds(3'000));
  CHECK(from_init.map.service == "gw");
  CHECK(from_init.min_collection_interval == milliseconds(45'000));

  const InstanceConfig overridden =
      load_ok(init, kEndpoint + "timeout: 1.5\nservice: edge\nmin_collection_interval: 5");
  CHECK(overridden.http.timeout == milliseconds(1'500));
  CHECK(overridden.map.service == "edge");
  CHECK(overridden.min_collection_interval == milliseconds(5'000));
}

TEST_CASE("Timeouts in seconds become milliseconds, never zero", "[config][good]") {
  struct Case {
    std::string seconds;
    long long millis;
  };
  const Case c = GENERATE(values<Case>({
      {"10", 10'000},
      {"0.25", 250},
      {"1e-4", 1},
      {"0.0004", 1},
      {"0.0015", 2},
      {"86400", 86'400'000},
      {"!!float 2", 2'000},
  }));
  INFO(c.seconds);
  const InstanceConfig cfg = load_ok("", kEndpoint + "timeout: " + c.seconds);
  CHECK(cfg.http.timeout == milliseconds(c.millis));
}

TEST_CASE("Empty init_config texts mean no defaults", "[config][good]") {
  const std::string init =
      GENERATE(as<std::string>{}, "", "{}", "~", "null", "# comment\n", "\n  \n", "timeout:");
  INFO("init_config: [" << init << "]");
  const InstanceConfig c = load_ok(init, kEndpoint);
  CHECK(c.http.timeout == milliseconds(10'000));
}

TEST_CASE("An option left empty is the same as an option left out", "[config][good]") {
  const InstanceConfig c = load_ok("", kEndpoint + "tags:\nservice:\ntimeout: ~\nheaders:");
  CHECK(c.map.tags.empty());
  CHECK_FALSE(c.map.service.has_value());
  CHECK(c.http.timeout == milliseconds(10'000));
  CHECK_FALSE(c.http.headers.has_value());
}

TEST_CASE("Quoted scalars stay strings and plain ones take their YAML type", "[config][good]") {
  const InstanceConfig c =
      load_ok("", kEndpoint + "service: '123'\ntags: ['true', \"5\", null-ish, 'yes']");
  CHECK(c.map.service == "123");
  CHECK(c.map.tags == std::vector<std::string>{"true", "5", "null-ish", "yes"});
}

TEST_CASE("JSON text is accepted as YAML", "[config][good]") {
  const InstanceConfig c = load_ok(
      R"({"timeout": 4, "go_metrics": false})",
      R"({"openmetrics_endpoint": "http://[::1]:9090/metrics", "tags": ["a:b"], "telemetry": "yes"})");
  CHECK(c.http.endpoint == "http://[::1]:9090/metrics");
  CHECK(c.http.timeout == milliseconds(4'000));
  CHECK_FALSE(c.map.go_metrics);
  CHECK(c.map.tags == std::vector<std::string>{"a:b"});
  CHECK(c.map.telemetry);
}

TEST_CASE("Anchors, aliases and merge keys are expanded", "[config][good]") {
  const InstanceConfig c = load_ok("", R"(
openmetrics_endpoint: http://localhost:9090/metrics
tags: &tags [env:prod, team:api]
exclude_labels: *tags
extra_headers: &common {X-Team: api, X-Env: prod}
headers:
  <<: *common
  X-Env: staging
)");
  CHECK(c.map.exclude_labels == std::vector<std::string>{"env:prod", "team:api"});
  CHECK(c.http.extra_headers == Headers{{"X-Team", "api"}, {"X-Env", "prod"}});
  // Explicit keys win over merged ones and come first.
  CHECK(c.http.headers == Headers{{"X-Env", "staging"}, {"X-Team", "api"}});
}

TEST_CASE("The Agent's re-serialised YAML loads (block style, sorted keys, wrapped lines)",
          "[config][good]") {
  const InstanceConfig c = load_ok("", data_file("datadog_reserialised_instance.yaml"));
  CHECK(c.http.endpoint == "http://krakend.internal:9090/metrics");
  CHECK(c.map.collect_histogram_buckets);
  CHECK_FALSE(c.map.go_metrics);
  CHECK(c.map.exclude_labels == std::vector<std::string>{"otel_scope_version"});
  REQUIRE(c.map.extra_metrics.size() == 2);
  CHECK(c.map.extra_metrics[1].name == "http_client.request_body_size");
  CHECK(c.map.extra_metrics[1].type == "histogram");
  CHECK(c.map.hostname_format ==
        "<HOSTNAME> running KrakenD behind the edge load balancer in the eu-west region");
  CHECK(c.map.rename_labels.at("service_name") == "krakend.service");
  CHECK(c.map.service == "123");
  CHECK(c.map.tags == std::vector<std::string>{"env:prod", "team: api"});
  CHECK(c.http.timeout == milliseconds(5'000));
  CHECK(c.min_collection_interval == milliseconds(15'000));
}

TEST_CASE("Endpoint URLs with IPv6 hosts, ports and queries are accepted", "[config][good]") {
  const std::string url =
      GENERATE(as<std::string>{}, "http://localhost:9090/metrics",
               "HTTPS://Gateway.Example.com/metrics", "http://10.0.0.7:1/",
               "http://[fe80::1]:65535/m", "http://h?x=1", "https://h.example:443/a/b#frag");
  INFO(url);
  const InstanceConfig c = load_ok("", "openmetrics_endpoint: '" + url + "'");
  CHECK(c.http.endpoint == url);
}
