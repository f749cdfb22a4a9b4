// The Datadog adapter's sink against an aggregator table that records what it receives as the
// Agent would: C strings, read up to their first NUL.
#include "aggregator_sink.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

using kcheck::CheckStatus;
using kcheck::SubmitType;
using kcheck::datadog::AggregatorSink;
using namespace std::string_view_literals;

namespace {

// The callbacks carry no user data: what they receive goes here.
struct Received {
  std::string name;
  std::vector<std::string> tags;
  std::string hostname;
  std::string message;
};
std::vector<Received> received;

std::vector<std::string> tags_of(char** tags) {
  std::vector<std::string> out;
  for (char** t = tags; *t != nullptr; ++t) out.emplace_back(*t);
  return out;
}

void on_metric(char*, dd_metric_type_t, char* name, double, char** tags, char* hostname, bool) {
  received.push_back(Received{name, tags_of(tags), hostname, ""});
}

void on_service_check(char*, char* name, int, char** tags, char* hostname, char* message) {
  received.push_back(Received{name, tags_of(tags), hostname, message});
}

void on_log(char* message, int) {
  received.push_back(Received{"<log>", {}, "", message});
}

class Aggregator {
 public:
  Aggregator() {
    received.clear();
    table_.submit_metric = on_metric;
    table_.submit_service_check = on_service_check;
    table_.log = on_log;
  }
  AggregatorSink sink() { return AggregatorSink(table_, check_id_, /*use_log_callback=*/true); }

 private:
  dd_aggregator_t table_{};
  char check_id_[20] = "krakend_native:nul";
};

}  // namespace

TEST_CASE("Label values that differ only after a NUL reach the Agent as two tags with U+FFFD") {
  Aggregator aggregator;
  AggregatorSink sink = aggregator.sink();
  const std::vector<std::string_view> first = {"env:prod", "route:/a\0x"sv};
  const std::vector<std::string_view> second = {"env:prod", "route:/a\0y"sv};
  sink.submit_metric("krakend.api.m", SubmitType::kGauge, 1, first, "", false);
  sink.submit_metric("krakend.api.m", SubmitType::kGauge, 2, second, "", false);
  REQUIRE(received.size() == 2);
  CHECK(received[0].tags == std::vector<std::string>{"env:prod", "route:/a\xEF\xBF\xBDx"});
  CHECK(received[1].tags == std::vector<std::string>{"env:prod", "route:/a\xEF\xBF\xBDy"});
}

TEST_CASE("A NUL in a name, a hostname, a message or a log line reaches the Agent as U+FFFD") {
  Aggregator aggregator;
  AggregatorSink sink = aggregator.sink();
  const std::vector<std::string_view> tags = {"\0"sv, "b\0\0"sv};
  sink.submit_service_check("health\0x"sv, CheckStatus::kCritical, tags, "host\0x"sv,
                            "refused\0tail"sv);
  sink.log(kcheck::LogLevel::kWarning, "line\0tail"sv);
  REQUIRE(received.size() == 2);
  CHECK(received[0].name == "health\xEF\xBF\xBDx");
  CHECK(received[0].tags == std::vector<std::string>{"\xEF\xBF\xBD", "b\xEF\xBF\xBD\xEF\xBF\xBD"});
  CHECK(received[0].hostname == "host\xEF\xBF\xBDx");
  CHECK(received[0].message == "refused\xEF\xBF\xBDtail");
  CHECK(received[1].message == "line\xEF\xBF\xBDtail");
}
