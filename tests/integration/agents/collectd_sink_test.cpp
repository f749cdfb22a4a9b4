// The collectd adapter's sink against a recording stand-in for the daemon
// (fake_collectd_daemon.hpp): what reaches collectd's fixed-size C string fields, and the bound
// on the per-instance state that outlives a read.
#include "collectd_sink.hpp"

#include <catch2/catch.hpp>
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
