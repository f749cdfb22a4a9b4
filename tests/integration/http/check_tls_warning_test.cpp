// The tls_verify: false warning seen from a whole check run (kcheck::Check): the host's log
// gets it on every run, a kept-alive connection's runs too, and never with tls_ignore_warning.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "http_test_util.hpp"
#include "tls_test_util.hpp"

using namespace kcheck::test;

namespace {

const std::string kPayload = "# TYPE go_goroutines gauge\ngo_goroutines 42\n";

// Only the warnings the check logs; submissions are not what this test is about.
class WarningSink final : public kcheck::Sink {
 public:
  void submit_metric(std::string_view, kcheck::SubmitType, double,
                     std::span<const std::string_view>, std::string_view, bool) override {}
  void submit_service_check(std::string_view, kcheck::CheckStatus,
                            std::span<const std::string_view>, std::string_view,
                            std::string_view) override {}
  void submit_histogram_bucket(std::string_view, int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
  }
  void log(kcheck::LogLevel level, std::string_view message) override {
    if (level == kcheck::LogLevel::kWarning) warnings.emplace_back(message);
  }

  std::vector<std::string> warnings;
};

}  // namespace

TEST_CASE("a check with tls_verify false logs the warning on every run unless told not to") {
  const auto& c = certs();
  TestServer server(
      [](Conn& conn) {
        while (conn.read_request()) {
          if (!conn.send(http_response(200, "OK", kPayload))) return;
        }
      },
      {false, server_tls(c.server_cert, c.server_key)});
  const bool ignore_warning = GENERATE(false, true);
  INFO("tls_ignore_warning: " << ignore_warning);
  kcheck::config::InstanceConfig config;
  config.http = options_for(server.url());
  config.http.skip_proxy = true;  // the test's loopback server, whatever the environment says
  config.http.tls_verify = false;
  config.http.tls_ignore_warning = ignore_warning;
  kcheck::Check check(config);

  const std::vector<std::string> expected =
      ignore_warning ? std::vector<std::string>{}
                     : std::vector<std::string>{
                           "TLS certificate verification is disabled (tls_verify: false) for " +
                           server.url() + "; set tls_ignore_warning: true to hide this warning"};
  for (int run = 0; run < 2; ++run) {
    INFO("run " << run);
    WarningSink sink;
    const kcheck::Status st = check.run(sink);
    REQUIRE(st.ok());
    CHECK(sink.warnings == expected);
  }
  // The second run reused the first one's connection: the warning is not a handshake's.
  CHECK(server.connections() == 1);
}
