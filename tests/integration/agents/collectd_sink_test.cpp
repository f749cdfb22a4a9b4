// The collectd adapter's sink against a recording stand-in for the daemon
// (fake_collectd_daemon.hpp): what reaches collectd's fixed-size C string fields, and the bound
// on the per-instance state that outlives a read.
#include "collectd_sink.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fake_collectd_daemon.hpp"

using kcheck::CheckStatus;
using kcheck::SubmitType;
using kcheck::collectd::CollectdSink;
using kcheck::collectd::InstanceState;
using kcheck::collectd::LoggedSeries;
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
