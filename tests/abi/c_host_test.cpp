// examples/c-host: the minimal C host loads the plugin and reports a run.
#include <catch2/catch.hpp>
#include <string>

#include "loopback.hpp"
#include "process.hpp"

using namespace kcheck::abitest;

TEST_CASE("the C host runs an instance and prints its submissions", "[c-host]") {
  auto server = serve_demo();
  const auto r = run_process({KCHECK_C_HOST_PATH, KCHECK_PLUGIN_PATH,
                              R"({"openmetrics_endpoint": ")" + server->url() + "\"}"});
  INFO(r.err);
  CHECK(r.out.find("plugin krakend_check ") != std::string::npos);
  CHECK(r.out.find("metric gauge krakend.api.go.goroutines = 23") != std::string::npos);
  CHECK(r.out.find("service_check krakend.api.openmetrics.health OK") != std::string::npos);
  CHECK(r.out.find("run: ok (108 metrics, 0 histogram buckets, 1 service checks)") !=
        std::string::npos);
  CHECK(r.exit_status == 0);
}

TEST_CASE("the C host reports a configuration error and exits 1", "[c-host]") {
  const auto r = run_process({KCHECK_C_HOST_PATH, KCHECK_PLUGIN_PATH, R"({"timeout": 5})"});
  CHECK(r.err.find("configure: invalid_argument: ") != std::string::npos);
  CHECK(r.exit_status == 1);
}
