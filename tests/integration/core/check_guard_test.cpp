// A whole check run under hostile payloads: a scrape limit fails the run with one CRITICAL
// health check that names the limit and nothing else submitted; a cancel in any phase
// (fetch, parse, map) returns cancelled promptly with nothing submitted, or, once
// submitting has begun, the run completes.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/check.hpp"
#include "test_server.hpp"

using kcheck::CheckStatus;
using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;

namespace {

class CountingSink final : public kcheck::Sink {
 public:
  void submit_metric(std::string_view, kcheck::SubmitType, double,
                     std::span<const std::string_view>, std::string_view, bool) override {
    ++metrics;
  }
  void submit_service_check(std::string_view, CheckStatus status, std::span<const std::string_view>,
                            std::string_view, std::string_view message) override {
    checks.push_back(std::to_string(static_cast<int>(status)) + " " + std::string(message));
  }
  void submit_histogram_bucket(std::string_view, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
    ++metrics;
  }
  void log(kcheck::LogLevel, std::string_view) override {}

  std::atomic<std::size_t> metrics{0};
  std::vector<std::string> checks;
};

std::string gauges(std::size_t n, std::size_t labels) {
  std::string s = "# TYPE krakend_gauge gauge\n";
  for (std::size_t i = 0; i < n; ++i) {
    s += "krakend_gauge{id=\"" + std::to_string(i) + "\"";
    for (std::size_t l = 1; l < labels; ++l) s += ",label_" + std::to_string(l) + "=\"value\"";
    s += "} 1\n";
  }
  return s;
}

kcheck::config::InstanceConfig instance(const TestServer& server) {
  kcheck::config::InstanceConfig c;
  c.http.endpoint = server.url();
  c.map.extra_metrics.push_back({"krakend_gauge", false, "gauge", ""});
  return c;
}

TestServer::Handler serve(std::string payload) {
  return [response = http_response(200, "OK", payload)](Conn& c) {
    while (c.read_request()) {
      if (!c.send(response)) return;
    }
  };
}

}  // namespace

TEST_CASE("A payload over a scrape limit fails the run with one CRITICAL health check",
          "[check][limits]") {
  TestServer server(serve(gauges(2, 200)));
  kcheck::Check check(instance(server));
  CountingSink sink;
  const kcheck::Status status = check.run(sink);
  const std::string message = "payload from " + server.url() +
                              " refused: label_limit exceeded: 200 labels on a sample of family "
                              "\"krakend_gauge\" at line 2 (limit 128)";
  CHECK(status.code() == StatusCode::kResourceExhausted);
  CHECK(status.message() == message);
  CHECK(sink.metrics == 0);
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0] == "2 " + message);
}

TEST_CASE("A cancel in any phase of a run ends it promptly, never with half a run",
          "[check][cancel]") {
  constexpr std::size_t kSeries = 150'000;
  TestServer server(serve(gauges(kSeries, 8)));  // ~18 MB: fetch, parse and map all take time
  kcheck::Check check(instance(server));
  std::chrono::steady_clock::duration slowest{};
  int cancelled = 0;
  for (auto delay : {0ms, 2ms, 10ms, 30ms, 60ms, 120ms, 250ms, 500ms}) {
    CountingSink sink;
    std::atomic<std::chrono::steady_clock::time_point::rep> cancelled_at{0};
    std::thread canceller([&] {
      std::this_thread::sleep_for(delay);
      cancelled_at = std::chrono::steady_clock::now().time_since_epoch().count();
      check.cancel();
    });
    // Cancel the run of this iteration, not a left-over from the previous one.
    const kcheck::Status status = check.run(sink);
    const auto returned = std::chrono::steady_clock::now();
    canceller.join();
    INFO("cancel after " << delay.count() << " ms: " << status.message());
    if (status.code() == StatusCode::kCancelled) {
      ++cancelled;
      CHECK(sink.metrics == 0);
      CHECK(sink.checks.empty());
      const auto latency = returned - std::chrono::steady_clock::time_point(
                                          std::chrono::steady_clock::duration(cancelled_at.load()));
      slowest = std::max(slowest, latency);
    } else {
      REQUIRE(status.ok());
      CHECK(sink.metrics == kSeries);
    }
  }
  const double slowest_ms = std::chrono::duration<double, std::milli>(slowest).count();
  WARN("runs cancelled: " << cancelled << " of 8; slowest return after cancel(): " << slowest_ms
                          << " ms");
  CHECK(cancelled >= 1);
  // A hang guard, not a timing claim: the contract is 100 ms, sanitizer builds are slower.
  CHECK(slowest < 2s);
}

TEST_CASE("A bad line costs its family only: the run is OK and health is WARNING",
          "[check][quarantine]") {
  TestServer server(serve(gauges(3, 2) + "krakend_gauge{id= 9\n# TYPE go_threads gauge\n"
                                         "go_threads 7\n"));
  auto config = instance(server);
  config.map.telemetry = true;
  kcheck::Check check(config);
  CountingSink sink;
  REQUIRE(check.run(sink).ok());
  // go_threads and the six telemetry series; none of krakend_gauge's three samples.
  CHECK(sink.metrics == 1 + 6);
  REQUIRE(sink.checks.size() == 1);
  CHECK(sink.checks[0] ==
        "1 1 family dropped; first: \"krakend_gauge\" at line 5 col 19: expected '\"' to open "
        "label value near '9\\n'");
}
