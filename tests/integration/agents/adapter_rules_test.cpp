// The adapters' own rules, without an agent: native_log stripping (Datadog), the collectd.conf
// -> JSON translation, and the collectd series naming scheme of docs/agents.md.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "collectd_sink.hpp"
#include "config_tree.hpp"
#include "core/check.hpp"
#include "instance_options.hpp"
#include "logged_series.hpp"
#include "series_name.hpp"

using kcheck::collectd::ConfigItem;
using kcheck::collectd::ConfigValue;

namespace {

ConfigItem item(std::string key, std::vector<ConfigValue> values,
                std::vector<ConfigItem> children = {}) {
  return ConfigItem{std::move(key), std::move(values), std::move(children)};
}

ConfigItem plugin(std::vector<ConfigItem> children) {
  return item("Plugin", {"krakend"}, children);
}

ConfigItem instance(std::string name, std::vector<ConfigItem> children) {
  return item("Instance", {std::move(name)}, std::move(children));
}

}  // namespace

TEST_CASE("native_log is read and removed from block-style instance YAML") {
  struct Case {
    std::string text;
    std::string core_text;
    bool native_log;
  };
  const Case c = GENERATE(
      Case{"native_log: true\nopenmetrics_endpoint: http://h/m\n",
           "openmetrics_endpoint: http://h/m\n", true},
      Case{"a: 1\nnative_log: false\nz: 2\n", "a: 1\nz: 2\n", false},
      Case{"\"native_log\": YES\r\ntags:\n- a:b\n", "tags:\n- a:b\n", true},
      Case{"native_log: 1\n", "{}", true},
      Case{"openmetrics_endpoint: http://h/m\n", "openmetrics_endpoint: http://h/m\n", false},
      Case{"{}", "{}", false}, Case{"[unclosed", "[unclosed", false});
  auto prepared = kcheck::datadog::prepare_instance(c.text);
  REQUIRE(prepared.ok());
  CHECK(prepared->core_text == c.core_text);
  CHECK(prepared->native_log == c.native_log);
}

TEST_CASE("native_log that cannot be read or removed is refused with a message naming it") {
  struct Case {
    std::string text;
    std::string error;
  };
  const Case c =
      GENERATE(Case{"native_log: maybe\n", "native_log: expected a boolean, got \"maybe\""},
               Case{"native_log:\n- true\n", "native_log: expected a boolean, got a collection"},
               Case{"{native_log: true, openmetrics_endpoint: \"http://h/m\"}",
                    "native_log: cannot be removed from this instance text; write the instance in "
                    "block-style YAML"});
  auto prepared = kcheck::datadog::prepare_instance(c.text);
  REQUIRE_FALSE(prepared.ok());
  CHECK(prepared.status().message() == c.error);
}

TEST_CASE("collectd options translate to the conf.yaml keys and shapes") {
  struct Case {
    ConfigItem option;
    std::string json;
  };
  const Case c = GENERATE(
      Case{item("OpenmetricsEndpoint", {"http://h:9090/metrics"}),
           R"({"openmetrics_endpoint":"http://h:9090/metrics"})"},
      Case{item("openmetrics_endpoint", {"http://h/m"}),
           R"({"openmetrics_endpoint":"http://h/m"})"},
      Case{item("Timeout", {2.5}), R"({"timeout":2.5})"},
      Case{item("MaxBodySize", {67108864.0}), R"({"max_body_size":67108864})"},
      Case{item("TLSVerify", {false}), R"({"tls_verify":false})"},
      Case{item("TLSCACert", {"/etc/ca.pem"}), R"({"tls_ca_cert":"/etc/ca.pem"})"},
      Case{item("Tags", {"env:prod", "team:api"}), R"({"tags":["env:prod","team:api"]})"},
      Case{item("ExcludeLabels", {"otel_scope_name"}), R"({"exclude_labels":["otel_scope_name"]})"},
      Case{item("Headers", {}, {item("X-Token", {"a\"b"})}), R"({"headers":{"X-Token":"a\"b"}})"},
      Case{item("RenameLabels", {"service_name", "svc"}),
           R"({"rename_labels":{"service_name":"svc"}})"},
      Case{item("AuthToken", {},
                {item("Reader", {}, {item("Type", {"file"}), item("Path", {"/t"})})}),
           R"({"auth_token":{"reader":{"type":"file","path":"/t"}}})"},
      Case{item("ExtraMetrics", {"raw_a"},
                {item("raw_b", {"b"}), item("Metric", {"raw_c"}, {item("Type", {"gauge"})})}),
           R"({"extra_metrics":["raw_a",{"raw_b":"b"},{"raw_c":{"type":"gauge"}}]})"},
      Case{
          item("ExcludeMetricsByLabels", {}, {item("error", {true}), item("code", {"500", "503"})}),
          R"({"exclude_metrics_by_labels":{"error":true,"code":["500","503"]}})"},
      Case{item("LogFiles", {"/var/log/krakend/*.log"}),
           R"({"log_files":["/var/log/krakend/*.log"]})"},
      Case{item("log_files", {"/a.log", "/b.log"}), R"({"log_files":["/a.log","/b.log"]})"},
      Case{item("LogFile", {"/a.log"}), R"({"log_files":["/a.log"]})"},
      Case{item("LogStartPosition", {"beginning"}), R"({"log_start_position":"beginning"})"},
      Case{item("LogMaxBytesPerRun", {16777216.0}), R"({"log_max_bytes_per_run":16777216})"},
      Case{item("LogTimezone", {"Europe/Madrid"}), R"({"log_timezone":"Europe/Madrid"})"},
      Case{item("LogOutput", {"/var/lib/krakend/logs.ndjson"}),
           R"({"log_output":"/var/lib/krakend/logs.ndjson"})"},
      Case{item("LogOutputMaxSize", {1099511627776.0}), R"({"log_output_max_size":1099511627776})"},
      Case{item("SomethingNew", {1.0}), R"({"something_new":1})"});
  auto config = kcheck::collectd::translate_plugin_block(plugin({instance("gw", {c.option})}));
  REQUIRE(config.ok());
  REQUIRE(config->instances.size() == 1);
  CHECK(config->instances[0].instance_json == c.json);
}

TEST_CASE("Repeated list options accumulate and options outside Instance form init_config") {
  auto config = kcheck::collectd::translate_plugin_block(plugin({
      item("Timeout", {5.0}),
      item("SeriesMapLog", {true}),
      instance("a", {item("OpenmetricsEndpoint", {"http://a/m"}), item("Tag", {"x:1"}),
                     item("Tags", {"y:2"}), item("Interval", {30.0})}),
      instance("b", {item("OpenmetricsEndpoint", {"http://b/m"})}),
  }));
  REQUIRE(config.ok());
  CHECK(config->init_config_json == R"({"timeout":5})");
  CHECK(config->series_map_log);
  CHECK_FALSE(config->strict_config);
  REQUIRE(config->instances.size() == 2);
  CHECK(config->instances[0].name == "a");
  CHECK(config->instances[0].instance_json ==
        R"({"openmetrics_endpoint":"http://a/m","tags":["x:1","y:2"]})");
  CHECK(config->instances[0].interval_seconds == 30.0);
  CHECK(config->instances[1].instance_json == R"({"openmetrics_endpoint":"http://b/m"})");
  CHECK_FALSE(config->instances[1].interval_seconds.has_value());
}

TEST_CASE("LogFile and LogFiles lines accumulate into log_files, which the core accepts") {
  auto config = kcheck::collectd::translate_plugin_block(plugin({instance(
      "gw", {item("OpenmetricsEndpoint", {"http://h/m"}), item("LogFile", {"/var/log/a.log"}),
             item("LogFiles", {"/var/log/b/*.log", "/var/log/c.log"}),
             item("LogStartPosition", {"beginning"}), item("LogMaxBytesPerRun", {65536.0}),
             item("LogTimezone", {"+02:00"}), item("LogOutput", {"/tmp/kcheck-logs.ndjson"}),
             item("LogOutputMaxSize", {1048576.0})})}));
  REQUIRE(config.ok());
  REQUIRE(config->instances.size() == 1);
  const std::string& json = config->instances[0].instance_json;
  CHECK(json == R"({"openmetrics_endpoint":"http://h/m",)"
                R"("log_files":["/var/log/a.log","/var/log/b/*.log","/var/log/c.log"],)"
                R"("log_start_position":"beginning","log_max_bytes_per_run":65536,)"
                R"("log_timezone":"+02:00","log_output":"/tmp/kcheck-logs.ndjson",)"
                R"("log_output_max_size":1048576})");
  auto check = kcheck::Check::create(config->init_config_json, json, 0);
  CHECK(check.ok());
}

TEST_CASE("A bad log option is refused by the core under its conf.yaml name") {
  struct Case {
    ConfigItem option;
    std::string error_part;
  };
  const Case c = GENERATE(Case{item("LogStartPosition", {"middle"}), "log_start_position"},
                          Case{item("LogMaxBytesPerRun", {10.0}), "log_max_bytes_per_run"},
                          Case{item("LogFiles", {"relative.log"}), "log_files[0]"},
                          Case{item("LogTimezone", {"Mars/Olympus"}), "log_timezone"});
  std::vector<ConfigItem> options = {item("OpenmetricsEndpoint", {"http://h/m"})};
  if (c.option.key != "LogFiles") options.push_back(item("LogFiles", {"/var/log/a.log"}));
  options.push_back(c.option);
  auto config = kcheck::collectd::translate_plugin_block(plugin({instance("gw", options)}));
  REQUIRE(config.ok());
  auto check =
      kcheck::Check::create(config->init_config_json, config->instances[0].instance_json, 0);
  REQUIRE_FALSE(check.ok());
  CHECK_THAT(check.status().message(), Catch::Matchers::Contains(c.error_part));
}

TEST_CASE("A malformed Plugin block is refused with a message naming the collectd key") {
  struct Case {
    ConfigItem block;
    std::string error;
  };
  const Case c = GENERATE(
      Case{plugin({item("Instance", {}, {})}),
           "Instance: expected one quoted name, as in <Instance \"gateway\">"},
      Case{plugin({instance("a", {}), instance("a", {})}), "Instance: \"a\" is configured twice"},
      Case{plugin({instance("a", {item("Timeout", {1.0, 2.0})})}),
           "Instance \"a\": Timeout: expected one value"},
      Case{plugin({instance("a", {item("Timeout", {1.0}), item("timeout", {2.0})})}),
           "Instance \"a\": timeout: given twice"},
      Case{plugin({instance("a", {item("Interval", {0.0})})}),
           "Instance \"a\": Interval: expected a number of seconds in (0, 86400]"},
      Case{plugin({item("Interval", {10.0})}), "Interval: belongs in an <Instance> block"},
      Case{plugin({item("SeriesMapLog", {"yes"})}), "SeriesMapLog: expected true or false"},
      Case{plugin({instance("a", {item("Headers", {"odd"})})}),
           "Instance \"a\": Headers: expected \"name\" \"value\" pairs"},
      Case{plugin({instance("a", {item("LogStartPosition", {"end"}),
                                  item("log_start_position", {"beginning"})})}),
           "Instance \"a\": log_start_position: given twice"},
      Case{plugin({instance("a", {item("LogFiles", {}, {item("Path", {"/a.log"})})})}),
           "Instance \"a\": LogFiles: expected values, not a block"});
  auto config = kcheck::collectd::translate_plugin_block(c.block);
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().message() == c.error);
}

TEST_CASE("StrictConfig is found even in a block that does not translate") {
  CHECK(kcheck::collectd::strict_config_requested(
      plugin({item("StrictConfig", {true}), item("Instance", {})})));
  CHECK_FALSE(kcheck::collectd::strict_config_requested(plugin({item("StrictConfig", {false})})));
  CHECK_FALSE(kcheck::collectd::strict_config_requested(plugin({})));
}

TEST_CASE("A series that fits is named by its name and sorted, escaped, non-instance tags") {
  const std::vector<std::string_view> tags = {"quantile:0.25", "endpoint:http://h/m", "route:/a b",
                                              "quantile:0.25"};
  const std::vector<std::string> instance_tags = {"endpoint:http://h/m"};
  const auto folded = kcheck::collectd::fold_series("krakend.api.x", tags, instance_tags);
  CHECK_FALSE(folded.hashed);
  CHECK(folded.type_instance == "krakend.api.x,quantile:0.25,route:%2Fa%20b");
}

TEST_CASE("A series without its own tags is named by its metric name alone") {
  const std::vector<std::string_view> tags = {"env:prod"};
  const std::vector<std::string> instance_tags = {"env:prod"};
  const auto folded =
      kcheck::collectd::fold_series("krakend.api.go.goroutines", tags, instance_tags);
  CHECK(folded.type_instance == "krakend.api.go.goroutines");
}

TEST_CASE("A series that does not fit is named by its name and a 48-bit FNV-1a hash") {
  const std::string long_value(120, 'v');
  const std::string tag = "label:" + long_value;
  const std::vector<std::string_view> tags = {tag, "a:1"};
  const auto folded = kcheck::collectd::fold_series("krakend.api.m", tags, {});
  CHECK(folded.hashed);
  // FNV-1a-64("krakend.api.m" "\0" "a:1" "\0" "label:vvv..."), low 48 bits.
  std::uint64_t h = 14695981039346656037ull;
  const std::string bytes = std::string("krakend.api.m") + '\0' + "a:1" + '\0' + tag;
  for (const char ch : bytes) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ull;
  }
  char hex[13];
  std::snprintf(hex, sizeof hex, "%012llx", static_cast<unsigned long long>(h & 0xFFFFFFFFFFFFull));
  CHECK(folded.type_instance == std::string("krakend.api.m#") + hex);
  CHECK(folded.description == "krakend.api.m{a:1," + tag + "}");
}

TEST_CASE("The FNV-1a hash matches the published test vector") {
  // FNV-1a 64 of "a" is af63dc4c8601ec8c.
  CHECK(kcheck::collectd::series_hash("a", {}) == 0xaf63dc4c8601ec8cull);
}

TEST_CASE("A name too long even for the hashed form is cut without splitting an escape") {
  const std::string name = std::string(112, 'n') + "/x";  // "/" escapes to %2F at 112..114
  const std::string tag = "t:" + std::string(20, 'v');    // too long for the readable form
  const std::vector<std::string_view> tags = {tag};
  const auto folded = kcheck::collectd::fold_series(name, tags, {});
  CHECK(folded.hashed);
  CHECK(folded.type_instance.size() <= kcheck::collectd::kMaxNameBytes);
  CHECK(folded.type_instance.substr(0, 113) == std::string(112, 'n') + "#");
}

TEST_CASE("A hashed series' mapping is logged the first time it is seen only") {
  kcheck::collectd::LoggedSeries logged;
  CHECK(logged.first_time(7));
  CHECK_FALSE(logged.first_time(7));
  CHECK(logged.first_time(8));
}

TEST_CASE("The logged-series set holds at most 65 536 hashes, then starts over") {
  using kcheck::collectd::LoggedSeries;
  LoggedSeries logged;
  std::size_t first_times = 0;
  for (std::uint64_t hash = 0; hash < LoggedSeries::kCapacity; ++hash) {
    if (logged.first_time(hash)) ++first_times;
  }
  CHECK(first_times == LoggedSeries::kCapacity);
  CHECK(logged.size() == LoggedSeries::kCapacity);
  CHECK(logged.first_time(LoggedSeries::kCapacity));
  CHECK(logged.size() == 1);
  CHECK(logged.first_time(0));  // forgotten: its mapping is logged once more
}

TEST_CASE("Datadog metric types map onto collectd's gauge and absolute") {
  using kcheck::SubmitType;
  using kcheck::collectd::ValueKind;
  struct Case {
    SubmitType type;
    ValueKind kind;
  };
  const Case c = GENERATE(Case{SubmitType::kGauge, ValueKind::kGauge},
                          Case{SubmitType::kRate, ValueKind::kGauge},
                          Case{SubmitType::kCount, ValueKind::kAbsolute},
                          Case{SubmitType::kMonotonicCount, ValueKind::kGauge},
                          Case{SubmitType::kCounter, ValueKind::kAbsolute},
                          Case{SubmitType::kHistogram, ValueKind::kGauge},
                          Case{SubmitType::kHistorate, ValueKind::kGauge});
  CHECK(kcheck::collectd::value_kind(c.type) == c.kind);
}
