// What a whole check run (kcheck::Check) reports about the payload it received: telemetry's
// payload.size is the size on the wire, and Content-Type parameters KrakenD may echo (such as
// escaping=underscores) do not change the format the payload is read in.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "core/check.hpp"
#include "http_test_util.hpp"

using namespace kcheck::test;

namespace {

const std::string kPayload =
    "# TYPE go_goroutines gauge\ngo_goroutines 42\n# TYPE go_threads gauge\ngo_threads 7\n";

// The last value submitted per metric name.
class ValueSink final : public kcheck::Sink {
 public:
  void submit_metric(std::string_view name, kcheck::SubmitType, double value,
                     std::span<const std::string_view>, std::string_view, bool) override {
    values[std::string(name)] = value;
  }
  void submit_service_check(std::string_view, kcheck::CheckStatus,
                            std::span<const std::string_view>, std::string_view,
                            std::string_view) override {}
  void submit_histogram_bucket(std::string_view, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
  }
  void log(kcheck::LogLevel, std::string_view) override {}

  std::map<std::string, double> values;
};

TestServer::Handler reply(std::string response) {
  return [response = std::move(response)](Conn& c) {
    if (c.read_request()) c.send(response);
  };
}

ValueSink run_check_against(const TestServer& server) {
  kcheck::config::InstanceConfig config;
  config.http = options_for(server.url());
  config.http.skip_proxy = true;  // the test's loopback server, whatever the environment says
  config.map.telemetry = true;
  kcheck::Check check(config);
  ValueSink sink;
  const kcheck::Status status = check.run(sink);
  INFO(status.message());
  CHECK(status.ok());
  return sink;
}

}  // namespace

TEST_CASE("payload.size telemetry is the compressed size of a gzip body") {
  const std::string compressed = gzip(kPayload);
  REQUIRE(compressed.size() != kPayload.size());
  TestServer server(reply(http_response(200, "OK", compressed, {{"Content-Encoding", "gzip"}})));
  const ValueSink sink = run_check_against(server);
  CHECK(sink.values.at("krakend.api.go.goroutines") == 42);
  CHECK(sink.values.at("krakend.api.telemetry.payload.size") ==
        static_cast<double>(compressed.size()));
}

TEST_CASE("payload.size telemetry counts a chunked body's data without the chunk framing") {
  const std::string compressed = gzip(kPayload);
  const std::size_t half = compressed.size() / 2;
  TestServer server(reply(chunked_response({compressed.substr(0, half), compressed.substr(half)},
                                           {{"Content-Encoding", "gzip"}})));
  const ValueSink sink = run_check_against(server);
  CHECK(sink.values.at("krakend.api.telemetry.payload.size") ==
        static_cast<double>(compressed.size()));
}

TEST_CASE("a Content-Type with escaping=underscores is read as Prometheus text") {
  TestServer server(reply(http_response(
      200, "OK", kPayload,
      {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"}})));
  const ValueSink sink = run_check_against(server);
  CHECK(sink.values.at("krakend.api.go.threads") == 7);
}
