// The collectd adapter's sink against a recording stand-in for the daemon
// (fake_collectd_daemon.hpp): what reaches collectd's fixed-size C string fields, the bound on
// the per-instance state that outlives a read, and KrakenD's log records as notifications.
#include "collectd_sink.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.hpp"
#include "fake_collectd_daemon.hpp"
#include "temp_dir.hpp"

using kcheck::CheckStatus;
using kcheck::LogStatus;
using kcheck::SubmitType;
using kcheck::collectd::CollectdSink;
using kcheck::collectd::InstanceState;
using kcheck::collectd::LoggedSeries;
using kcheck::test::collectd::DispatchedNotification;
using kcheck::test::collectd::DispatchedValue;
using kcheck::test::collectd::kNotifFailure;
using kcheck::test::collectd::kNotifWarning;
using kcheck::test::collectd::received;
using namespace std::string_view_literals;

namespace {

struct Instance {
  InstanceState state;
  Instance() {
    received() = {};
    state.name = "gw";
  }
};

}  // namespace

TEST_CASE("Label values that differ only after a NUL reach collectd as two series with U+FFFD") {
  Instance instance;
  CollectdSink sink(instance.state);
  const std::vector<std::string_view> first = {"route:/a\0x"sv};
  const std::vector<std::string_view> second = {"route:/a\0y"sv};
  sink.submit_metric("krakend.api.m", SubmitType::kGauge, 1, first, "", false);
  sink.submit_metric("krakend.api.m", SubmitType::kGauge, 2, second, "", false);
  REQUIRE(received().values.size() == 2);
  CHECK(received().values[0].type_instance == "krakend.api.m,route:%2Fa%EF%BF%BDx");
  CHECK(received().values[1].type_instance == "krakend.api.m,route:%2Fa%EF%BF%BDy");
}

TEST_CASE("A NUL in a hostname, a message or a log line reaches collectd as U+FFFD") {
  Instance instance;
  CollectdSink sink(instance.state);
  sink.submit_service_check("krakend.api.openmetrics.health", CheckStatus::kCritical, {},
                            "host\0x"sv, "refused\0tail"sv);
  sink.log(kcheck::LogLevel::kWarning, "line\0tail"sv);
  REQUIRE(received().values.size() == 1);
  CHECK(received().values[0].host == "host\xEF\xBF\xBDx");
  REQUIRE(received().notifications.size() == 1);
  CHECK(received().notifications[0].host == "host\xEF\xBF\xBDx");
  CHECK(received().notifications[0].message == "refused\xEF\xBF\xBDtail");
  REQUIRE(received().log_lines.size() == 1);
  CHECK(received().log_lines[0] == "krakend plugin: instance \"gw\": line\xEF\xBF\xBDtail");
}

TEST_CASE("Reads of ever new hashed series log each once and keep at most 65 536 in memory") {
  constexpr int kReads = 7;
  constexpr int kSeriesPerRead = 10'000;  // 70 000 in all: beyond the bound
  Instance instance;
  const std::string long_value(130, 'v');  // too long for a readable name: hashed
  std::size_t logged = 0;
  for (int read = 0; read < kReads; ++read) {
    CollectdSink sink(instance.state);  // one sink per read, as read_instance makes it
    for (int i = 0; i < kSeriesPerRead; ++i) {
      const std::string tag = "id:" + std::to_string(read * kSeriesPerRead + i) + long_value;
      const std::vector<std::string_view> tags = {tag};
      sink.submit_metric("krakend.api.m", SubmitType::kGauge, 1, tags, "", false);
    }
    CHECK(instance.state.logged_series.size() <= LoggedSeries::kCapacity);
    logged += received().log_lines.size();
    received() = {};
  }
  CHECK(logged == std::size_t{kReads} * kSeriesPerRead);
}

TEST_CASE("An instance tag holding a NUL is still left out of its series' names") {
  kcheck::config::InstanceConfig config;
  config.map.tags = {std::string("team:a\0b"sv)};
  config.map.tag_by_endpoint = false;
  Instance instance;
  instance.state.instance_tags = kcheck::collectd::constant_tags(config);
  CollectdSink sink(instance.state);
  const std::vector<std::string_view> tags = {"team:a\0b"sv, "route:/x"};
  sink.submit_metric("krakend.api.m", SubmitType::kGauge, 1, tags, "", false);
  REQUIRE(received().values.size() == 1);
  CHECK(received().values[0].type_instance == "krakend.api.m,route:%2Fx");
}

TEST_CASE(
    "A fractional monotonic count reaches collectd as a gauge of its exact cumulative value") {
  Instance instance;
  CollectdSink sink(instance.state);
  const std::vector<std::string_view> tags = {"http_route:/a"};
  sink.submit_metric("krakend.api.proxy_duration.sum", SubmitType::kMonotonicCount, 0.3, tags, "",
                     true);
  REQUIRE(received().values.size() == 1);
  const auto& value = received().values[0];
  CHECK(value.host.empty());
  CHECK(value.plugin == "krakend");
  CHECK(value.plugin_instance == "gw");
  CHECK(value.type == "gauge");
  CHECK(value.type_instance == "krakend.api.proxy_duration.sum,http_route:%2Fa");
  CHECK(value.values_len == 1);
  CHECK(value.gauge == 0.3);
  CHECK(value.time == 0);
  CHECK(value.interval == 0);
  CHECK(sink.dispatched() == 1);
  CHECK(sink.skipped() == 0);
}

TEST_CASE("Every finite monotonic count reaches collectd unchanged, beyond int64 too") {
  // 0.0123 and 12.75 were rounded to 0 and 13 as derive; 2^53 is the largest double below which
  // every integer is exact; 1e19 is beyond int64 and was skipped as derive.
  const double cumulative = GENERATE(0.0, 0.0123, 12.75, 98765432.0, 9007199254740992.0, 1e19);
  Instance instance;
  CollectdSink sink(instance.state);
  sink.submit_metric("krakend.api.m.count", SubmitType::kMonotonicCount, cumulative, {}, "", false);
  REQUIRE(received().values.size() == 1);
  CHECK(received().values[0].type == "gauge");
  CHECK(received().values[0].gauge == cumulative);
  CHECK(sink.skipped() == 0);
}

TEST_CASE("A monotonic count that is not finite is skipped and counted") {
  const double cumulative =
      GENERATE(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity());
  Instance instance;
  CollectdSink sink(instance.state);
  sink.submit_metric("krakend.api.m.count", SubmitType::kMonotonicCount, cumulative, {}, "", false);
  CHECK(received().values.empty());
  CHECK(sink.dispatched() == 0);
  CHECK(sink.skipped() == 1);
}

TEST_CASE("A monotonic histogram bucket point reaches collectd as a gauge, bounds as tags") {
  Instance instance;
  CollectdSink sink(instance.state);
  sink.submit_histogram_bucket("krakend.api.proxy_duration.bucket", 17, 0.05, 0.1, true, {}, "",
                               false);
  REQUIRE(received().values.size() == 1);
  const auto& value = received().values[0];
  CHECK(value.type == "gauge");
  CHECK(value.type_instance ==
        "krakend.api.proxy_duration.bucket,lower_bound:0.05,upper_bound:0.1");
  CHECK(value.values_len == 1);
  CHECK(value.gauge == 17.0);
}

TEST_CASE("A count reaches collectd as an absolute") {
  Instance instance;
  CollectdSink sink(instance.state);
  sink.submit_metric("krakend.api.telemetry.metrics.input.count", SubmitType::kCount, 42, {}, "",
                     false);
  REQUIRE(received().values.size() == 1);
  const auto& value = received().values[0];
  CHECK(value.type == "absolute");
  CHECK(value.type_instance == "krakend.api.telemetry.metrics.input.count");
  CHECK(value.values_len == 1);
  CHECK(value.absolute == 42);
}

// --- KrakenD log records: notifications ---------------------------------------------------------

namespace {

// `2024/01/17 11:24:25 KRAKEND ERROR: [ENDPOINT: /api/users] context canceled`, as the core
// hands it over.
kcheck::LogRecord endpoint_error() {
  kcheck::LogRecord record;
  record.timestamp_ms = 1705490665250;
  record.status = LogStatus::kError;
  record.message = "[ENDPOINT: /api/users] context canceled";
  record.logger = "krakend";
  record.format = "basic";
  record.component = "ENDPOINT";
  record.component_value = "/api/users";
  record.error_message = "context canceled";
  record.error_kind = "canceled";
  return record;
}

// The one notification a read that submits `record` alone dispatches.
DispatchedNotification notified(const kcheck::LogRecord& record) {
  Instance instance;
  CollectdSink sink(instance.state);
  sink.submit_log(record);
  REQUIRE(received().notifications.size() == 1);
  CHECK(sink.log_notifications() == 1);
  CHECK(received().values.empty());
  CHECK(received().live_meta == 0);  // the meta data was freed after the dispatch
  return received().notifications[0];
}

std::string meta_string(const DispatchedNotification& n, const std::string& name) {
  const auto* meta = n.find_meta(name);
  if (meta == nullptr) return "<absent>";
  return meta->is_string ? meta->string_value : "<not a string>";
}

}  // namespace

TEST_CASE("A log record of warning or worse becomes a notification of the mapped severity") {
  struct Case {
    LogStatus status;
    int severity;
  };
  const Case c =
      GENERATE(Case{LogStatus::kWarning, kNotifWarning}, Case{LogStatus::kError, kNotifFailure},
               Case{LogStatus::kCritical, kNotifFailure});
  kcheck::LogRecord record = endpoint_error();
  record.status = c.status;
  const DispatchedNotification n = notified(record);
  CHECK(n.severity == c.severity);
  CHECK(meta_string(n, "status") == std::string(kcheck::log_status_name(c.status)));
}

TEST_CASE("Log records below warning are not notified") {
  const LogStatus status = GENERATE(LogStatus::kDebug, LogStatus::kInfo, LogStatus::kNotice);
  Instance instance;
  CollectdSink sink(instance.state);
  kcheck::LogRecord record = endpoint_error();
  record.status = status;
  sink.submit_log(record);
  sink.end_read();
  CHECK(received().notifications.empty());
  CHECK(received().log_lines.empty());
  CHECK(sink.log_notifications() == 0);
  CHECK(sink.log_notifications_unsent() == 0);
}

TEST_CASE("A log notification names the instance, carries the record's time and its fields") {
  const DispatchedNotification n = notified(endpoint_error());
  CHECK(n.host == "collectd-host");  // collectd's Hostname
  CHECK(n.plugin == "krakend");
  CHECK(n.plugin_instance == "gw");
  CHECK(n.type.empty());
  CHECK(n.type_instance == "log");
  CHECK(n.message == "[ENDPOINT: /api/users] context canceled");
  // 1705490665.250 s in 2^-30 s: the seconds shifted, 250 ms as 2^30 / 4.
  CHECK(n.time == ((std::uint64_t{1705490665} << 30) | (std::uint64_t{1} << 28)));
  std::vector<std::string> names;
  for (const auto& meta : n.meta) names.push_back(meta.name);
  CHECK(names == std::vector<std::string>{"status", "format", "logger", "component", "endpoint",
                                          "error_message", "error_kind"});
  CHECK(meta_string(n, "status") == "error");
  CHECK(meta_string(n, "format") == "basic");
  CHECK(meta_string(n, "logger") == "krakend");
  CHECK(meta_string(n, "component") == "ENDPOINT");
  CHECK(meta_string(n, "endpoint") == "/api/users");
  CHECK(meta_string(n, "error_message") == "context canceled");
  CHECK(meta_string(n, "error_kind") == "canceled");
}

TEST_CASE("An access line's notification has its status code as an integer, method and URL") {
  kcheck::LogRecord record;
  record.timestamp_ms = 1705490666000;
  record.status = LogStatus::kError;
  record.message =
      R"([GIN] 2024/01/17 - 11:24:26 | 503 | 1.2ms | 127.0.0.1 | POST "/api/users?x=1")";
  record.logger = "gin";
  record.format = "gin";
  record.http_status = 503;
  record.http_method = "POST";
  record.http_url = "/api/users?x=1";
  const DispatchedNotification n = notified(record);
  const auto* status = n.find_meta("http_status");
  REQUIRE(status != nullptr);
  CHECK_FALSE(status->is_string);
  CHECK(status->signed_value == 503);
  CHECK(meta_string(n, "http_method") == "POST");
  CHECK(meta_string(n, "http_url") == "/api/users?x=1");
  CHECK(n.find_meta("component") == nullptr);
  CHECK(n.find_meta("error_kind") == nullptr);
}

TEST_CASE("A component without a key of its own has its value in component_value") {
  kcheck::LogRecord record = endpoint_error();
  record.component = "CB";
  record.component_value = "backend-a";
  const DispatchedNotification n = notified(record);
  CHECK(meta_string(n, "component") == "CB");
  CHECK(meta_string(n, "component_value") == "backend-a");
  CHECK(n.find_meta("endpoint") == nullptr);
}

TEST_CASE("A long log message is cut to 255 bytes, never inside a UTF-8 character") {
  struct Case {
    std::string message;
    std::string expected;
  };
  const std::string a254(254, 'a');
  const Case c = GENERATE_COPY(
      Case{std::string(255, 'a'), std::string(255, 'a')},  // fits exactly
      Case{std::string(300, 'a'), std::string(255, 'a')},  // cut at 255
      Case{a254 + "\xE2\x82\xAC" + "z", a254},             // € would straddle byte 255
      Case{std::string(253, 'a') + "\xC3\xA9" + "z", std::string(253, 'a') + "\xC3\xA9"},
      Case{a254 + std::string("\0", 1), a254});  // the NUL's U+FFFD would straddle it
  kcheck::LogRecord record = endpoint_error();
  record.message = c.message;
  const DispatchedNotification n = notified(record);
  CHECK(n.message == c.expected);
}

TEST_CASE("A log record's NUL bytes reach collectd as U+FFFD; a meta value is cut at 1024 bytes") {
  kcheck::LogRecord record = endpoint_error();
  record.message = "a\0b"sv;
  record.error_message = "c\0d"sv;
  const std::string long_url = "/" + std::string(2000, 'u');
  record.http_url = long_url;
  const DispatchedNotification n = notified(record);
  CHECK(n.message ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(meta_string(n, "error_message") ==
        "c\xEF\xBF\xBD"
        "d");
  CHECK(meta_string(n, "http_url") == long_url.substr(0, kcheck::collectd::kMaxMetaValueBytes));
}

TEST_CASE("At most 100 log notifications per read; the rest are counted in one warning") {
  Instance instance;
  for (int read = 0; read < 2; ++read) {
    CollectdSink sink(instance.state);
    kcheck::LogRecord info = endpoint_error();
    info.status = LogStatus::kInfo;
    for (int i = 0; i < 130; ++i) {
      sink.submit_log(endpoint_error());
      sink.submit_log(info);
    }
    sink.end_read();
    CHECK(received().notifications.size() == kcheck::collectd::kMaxLogNotificationsPerRead);
    CHECK(sink.log_notifications_unsent() == 30);
    REQUIRE(received().log_lines.size() == 1);
    CHECK(received().log_lines[0] ==
          "krakend plugin: instance \"gw\": 30 log records of warning or worse were not sent "
          "as notifications (limit 100 per read)");
    received() = {};  // the next read starts again at 0
  }
}

TEST_CASE("A read within the limit of log notifications logs no warning") {
  Instance instance;
  CollectdSink sink(instance.state);
  for (std::size_t i = 0; i < kcheck::collectd::kMaxLogNotificationsPerRead; ++i) {
    sink.submit_log(endpoint_error());
  }
  sink.end_read();
  CHECK(received().notifications.size() == kcheck::collectd::kMaxLogNotificationsPerRead);
  CHECK(received().log_lines.empty());
}

TEST_CASE("A read that tails a KrakenD log notifies its ERROR line and writes the counts") {
  kcheck::test::TempDir dir;
  const std::string log = dir.file("krakend.log");
  kcheck::test::append_file(log,
                            "2024/01/17 11:24:25 KRAKEND INFO: Starting the KrakenD instance\n"
                            "2024/01/17 11:24:25 KRAKEND ERROR: [ENDPOINT: /api/users] context "
                            "canceled\n"
                            "[GIN] 2024/01/17 - 11:24:26 | 200 |     143.655729ms |       "
                            "127.0.0.1 | GET      \"/api/users\"\n");
  // Nothing listens on port 1: the scrape fails, the logs are still read and counted.
  const std::string instance_json = R"({"openmetrics_endpoint":"http://127.0.0.1:1/metrics",)"
                                    R"("timeout":2,"log_start_position":"beginning",)"
                                    R"("tags":["env:test"],"log_files":[")" +
                                    log + R"("]})";
  auto check = kcheck::Check::create("{}", instance_json, 0);
  REQUIRE(check.ok());
  Instance instance;
  instance.state.check = std::move(check).value();
  instance.state.instance_tags = kcheck::collectd::constant_tags(instance.state.check->config());
  // Two reads: the tailer holds the file's last record back for one run (an access line may
  // go on with `Error #NN:` lines), then hands it out when nothing was appended.
  for (int read = 0; read < 2; ++read) {
    if (read == 1) received().values.clear();
    CollectdSink sink(instance.state);
    static_cast<void>(instance.state.check->run(sink));
    sink.end_read();
  }

  REQUIRE(received().notifications.size() == 2);  // the ERROR line, then the health's FAILURE
  CHECK(received().notifications[0].message == "[ENDPOINT: /api/users] context canceled");
  CHECK(received().notifications[0].type_instance == "log");
  CHECK(meta_string(received().notifications[0], "endpoint") == "/api/users");
  CHECK(received().notifications[1].type_instance == "krakend.api.openmetrics.health");
  const auto value = [](const std::string& type_instance) -> const DispatchedValue* {
    for (const auto& v : received().values) {
      if (v.type_instance == type_instance) return &v;
    }
    return nullptr;
  };
  // Monotonic counts: gauges of the cumulative value; the instance's tags left out of the names.
  struct Expected {
    std::string type_instance;
    double value;
  };
  for (const Expected& e : {
           Expected{"krakend.api.logs.lines.count,level:info,logger:krakend", 1},
           Expected{"krakend.api.logs.lines.count,level:error,logger:krakend", 1},
           Expected{"krakend.api.logs.lines.count,level:info,logger:gin", 1},
           Expected{"krakend.api.logs.requests.count,code_class:2xx,http_request_method:GET,"
                    "http_response_status_code:200",
                    1},
           Expected{"krakend.api.logs.errors.count,error_kind:canceled", 1},
       }) {
    CAPTURE(e.type_instance);
    const DispatchedValue* v = value(e.type_instance);
    REQUIRE(v != nullptr);
    CHECK(v->plugin_instance == "gw");
    CHECK(v->type == "gauge");
    CHECK(v->gauge == e.value);
  }
  const DispatchedValue* bytes = value("krakend.api.logs.bytes.count");
  REQUIRE(bytes != nullptr);
  CHECK(bytes->gauge > 100);
}
