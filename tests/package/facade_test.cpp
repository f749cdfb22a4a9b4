// kcheck::KrakendCheck, the public facade of the package, seen only through its public header.
#include <catch2/catch.hpp>
#include <kcheck/check.hpp>
#include <string>
#include <utility>
#include <vector>

using namespace kcheck;

namespace {

class RecordingSink final : public Sink {
 public:
  void submit_metric(std::string_view name, SubmitType, double, std::span<const std::string_view>,
                     std::string_view, bool) override {
    metrics.emplace_back(name);
  }
  void submit_service_check(std::string_view name, CheckStatus status,
                            std::span<const std::string_view>, std::string_view,
                            std::string_view message) override {
    checks.push_back(std::string(name) + " " + std::string(check_status_name(status)) + " " +
                     std::string(message));
  }
  void submit_histogram_bucket(std::string_view, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
  }
  void log(LogLevel, std::string_view) override {}
  std::vector<std::string> metrics;
  std::vector<std::string> checks;
};

constexpr std::string_view kClosedPort = "openmetrics_endpoint: http://127.0.0.1:1/metrics";

}  // namespace

TEST_CASE("create reports an invalid instance with its key path", "[facade]") {
  auto check = KrakendCheck::create("{}", "{openmetrics_endpoint: http://x:1/m, timeout: ten}", 2);
  REQUIRE_FALSE(check.ok());
  CHECK(check.status().code() == StatusCode::kInvalidArgument);
  CHECK(check.status().message() == "instances[2].timeout: expected a number > 0, got \"ten\"");
}

TEST_CASE("endpoint returns the configured URL", "[facade]") {
  auto check = KrakendCheck::create("", kClosedPort);
  REQUIRE(check.ok());
  CHECK(check->endpoint() == "http://127.0.0.1:1/metrics");
}

TEST_CASE("a run against a closed port is unavailable and reports CRITICAL", "[facade]") {
  auto check = KrakendCheck::create("{}", kClosedPort);
  REQUIRE(check.ok());
  RecordingSink sink;
  const Status st = check->run(sink);
  CHECK(st.code() == StatusCode::kUnavailable);
  CHECK(sink.metrics.empty());
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0] ==
        "krakend.api.openmetrics.health CRITICAL connection refused to 127.0.0.1:1");
}

TEST_CASE("a cancel between runs does not cancel the next run", "[facade]") {
  auto check = KrakendCheck::create("{}", kClosedPort);
  REQUIRE(check.ok());
  check->cancel();
  check->cancel();  // idempotent
  RecordingSink sink;
  CHECK(check->run(sink).code() == StatusCode::kUnavailable);
}

TEST_CASE("a moved-from check reports internal instead of crashing", "[facade]") {
  auto created = KrakendCheck::create("{}", kClosedPort);
  REQUIRE(created.ok());
  KrakendCheck check = std::move(created).value();
  KrakendCheck other = std::move(check);
  RecordingSink sink;
  CHECK(check.run(sink).code() == StatusCode::kInternal);  // NOLINT(bugprone-use-after-move)
  check.cancel();
  CHECK(check.endpoint().empty());
  CHECK(other.endpoint() == "http://127.0.0.1:1/metrics");
}

TEST_CASE("metric types and statuses have the Agent's names", "[facade]") {
  STATIC_REQUIRE(submit_type_name(SubmitType::kMonotonicCount) == "monotonic_count");
  STATIC_REQUIRE(check_status_name(CheckStatus::kCritical) == "CRITICAL");
  STATIC_REQUIRE(log_level_name(LogLevel::kWarning) == "warning");
}
