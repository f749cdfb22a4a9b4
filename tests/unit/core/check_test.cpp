// Check::run turns failures inside the run (allocation, a throwing sink) into a status.
#include "core/check.hpp"

#include <catch2/catch.hpp>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

using namespace kcheck;

namespace {

/// Throws from every submission, as an allocation failure inside the plugin would.
template <typename E>
class ThrowingSink final : public Sink {
 public:
  explicit ThrowingSink(E e) : e_(std::move(e)) {}
  void submit_metric(std::string_view, SubmitType, double, std::span<const std::string_view>,
                     std::string_view, bool) override {
    throw e_;
  }
  void submit_service_check(std::string_view, CheckStatus, std::span<const std::string_view>,
                            std::string_view, std::string_view) override {
    throw e_;
  }
  void submit_histogram_bucket(std::string_view, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
    throw e_;
  }
  void log(LogLevel, std::string_view) override { throw e_; }

 private:
  E e_;
};

class RecordingSink final : public Sink {
 public:
  void submit_metric(std::string_view, SubmitType, double, std::span<const std::string_view>,
                     std::string_view, bool) override {}
  void submit_service_check(std::string_view name, CheckStatus status,
                            std::span<const std::string_view> tags, std::string_view,
                            std::string_view message) override {
    checks.push_back(std::string(name) + " " + std::to_string(static_cast<int>(status)) + " " +
                     std::string(message));
    for (auto t : tags) check_tags.emplace_back(t);
  }
  void submit_histogram_bucket(std::string_view, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
  }
  void log(LogLevel level, std::string_view message) override {
    logs.push_back(std::to_string(static_cast<int>(level)) + " " + std::string(message));
  }
  std::vector<std::string> checks;
  std::vector<std::string> check_tags;
  std::vector<std::string> logs;
};

/// An instance whose endpoint refuses connections (nothing listens on loopback port 1), so
/// that the run reaches the sink through the CRITICAL health check.
config::InstanceConfig refused_config() {
  config::InstanceConfig c;
  c.http.endpoint = "http://127.0.0.1:1/metrics";
  c.map.tags = {"team:edge"};
  return c;
}

}  // namespace

TEST_CASE("an allocation failure inside a run becomes resource_exhausted", "[core][check]") {
  Check check(refused_config());
  ThrowingSink sink{std::bad_alloc()};
  const Status st = check.run(sink);
  CHECK(st.code() == StatusCode::kResourceExhausted);
  CHECK(st.message() == "out of memory during the run");
}

TEST_CASE("any other exception inside a run becomes internal with its text", "[core][check]") {
  Check check(refused_config());
  ThrowingSink sink{std::runtime_error("sink broke")};
  const Status st = check.run(sink);
  CHECK(st.code() == StatusCode::kInternal);
  CHECK(st.message() == "unexpected exception during the run: sink broke");
}

TEST_CASE("a failed scrape sends a CRITICAL health check with the instance tags", "[core][check]") {
  Check check(refused_config());
  RecordingSink sink;
  const Status st = check.run(sink);
  CHECK(st.code() == StatusCode::kUnavailable);
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0] == "krakend.api.openmetrics.health 2 " + st.message());
  CHECK(sink.check_tags ==
        std::vector<std::string>{"team:edge", "endpoint:http://127.0.0.1:1/metrics"});
}

TEST_CASE("ignore_connection_errors logs the failure as a warning and succeeds", "[core][check]") {
  auto cfg = refused_config();
  cfg.map.ignore_connection_errors = true;
  Check check(cfg);
  RecordingSink sink;
  const Status st = check.run(sink);
  CHECK(st.ok());
  REQUIRE(sink.logs.size() == 1);
  CHECK(sink.logs[0].rfind("30 ", 0) == 0);
  CHECK(sink.checks.size() == 1);  // the CRITICAL health check is still sent
}

TEST_CASE("a token cancelled before the run makes it return cancelled without submitting",
          "[core][check]") {
  Check check(refused_config());
  http::CancelToken token;
  token.cancel();
  RecordingSink sink;
  const Status st = check.run(sink, token);
  CHECK(st.code() == StatusCode::kCancelled);
  CHECK(st.message() == "run cancelled");
  CHECK(sink.checks.empty());
  CHECK(sink.logs.empty());
}
