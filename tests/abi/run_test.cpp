// run() through the real plugin against loopback endpoints.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <future>
#include <string>

#include "loopback.hpp"
#include "plugin_fixture.hpp"

using namespace kcheck::abitest;

namespace {
const std::string kRefused = "http://127.0.0.1:1/metrics";
}  // namespace

TEST_CASE("a run against the KrakenD sample submits every mapped series and an OK health check",
          "[abi][run]") {
  auto server = serve_demo();
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(server->url())) == KCHECK_STATUS_OK);
  std::string error;
  REQUIRE(inst.run(&error) == KCHECK_STATUS_OK);
  CHECK(error.empty());
  const Collected& c = inst.collected();
  // host-stub/demo/krakend_demo.txt with default options: 7 go_gc_duration_seconds series,
  // 5 other go_*, 4 histograms of 22 series (20 finite buckets + sum + count), 3 counters,
  // otel_scope_info and 4 process_* = 108 metric samples; no distribution buckets.
  CHECK(c.metric_names.size() == 108);
  CHECK(c.buckets == 0);
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_OK);
  for (const char* name : {"krakend.api.go.goroutines", "krakend.api.http_server.duration.bucket",
                           "krakend.api.proxy_duration.count", "krakend.api.process.open_fds",
                           "krakend.api.http_client.request_started.count"}) {
    CHECK(std::find(c.metric_names.begin(), c.metric_names.end(), name) != c.metric_names.end());
  }
}

TEST_CASE("a refused endpoint fails the run as unavailable with a CRITICAL health check",
          "[abi][run]") {
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(kRefused)) == KCHECK_STATUS_OK);
  std::string error;
  CHECK(inst.run(&error) == KCHECK_STATUS_UNAVAILABLE);
  CHECK(error == "connection refused to 127.0.0.1:1");
  const Collected& c = inst.collected();
  CHECK(c.metric_names.empty());
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_CRITICAL);
  CHECK(c.service_check_messages[0] == error);
}

TEST_CASE("calls that would overlap a run in flight get busy and change nothing", "[abi][run]") {
  auto server = serve_nothing();
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(server->url(), R"("timeout": 30)")) == KCHECK_STATUS_OK);
  auto running = std::async(std::launch::async, [&] { return inst.run(); });
  REQUIRE(wait_until([&] { return server->connections() >= 1; }));

  std::string error;
  CHECK(inst.run(&error) == KCHECK_STATUS_BUSY);
  CHECK(error == "run: another run or a configure is in progress on this instance");
  CHECK(inst.configure(endpoint_conf(kRefused), "", &error) == KCHECK_STATUS_BUSY);
  CHECK(error == "configure: a run is in progress on this instance; configure it between runs");
  CHECK(api().destroy(inst.get()) == KCHECK_STATUS_BUSY);

  CHECK(inst.cancel() == KCHECK_STATUS_OK);
  CHECK(running.get() == KCHECK_STATUS_CANCELLED);
  // The BUSY configure did not replace the endpoint: the instance still points at `server`.
  inst.collected().clear();
  auto again = std::async(std::launch::async, [&] { return inst.run(); });
  REQUIRE(wait_until([&] { return server->connections() >= 2; }));
  CHECK(inst.cancel() == KCHECK_STATUS_OK);
  CHECK(again.get() == KCHECK_STATUS_CANCELLED);
}

TEST_CASE("the plugin can be unloaded and loaded again", "[abi][run]") {
  // A copy under another name is a distinct library, so dlclose really unloads it (the
  // fixture keeps the original loaded).
  const auto copy = std::filesystem::temp_directory_path() /
                    ("kcheck-unload-" + std::to_string(::getpid()) + ".so");
  std::filesystem::copy_file(KCHECK_PLUGIN_PATH, copy,
                             std::filesystem::copy_options::overwrite_existing);
  for (int cycle = 0; cycle < 3; ++cycle) {
    void* lib = ::dlopen(copy.c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(lib != nullptr);
    void* sym = ::dlsym(lib, KCHECK_PLUGIN_ENTRY_SYMBOL);
    REQUIRE(sym != nullptr);
    kcheck_plugin_entry_fn fn = nullptr;
    std::memcpy(&fn, &sym, sizeof(fn));
    std::array<char, KCHECK_ERROR_SIZE> error{};
    const kcheck_plugin_api* t = fn(KCHECK_ABI_VERSION_MAJOR, 0, error.data(), error.size());
    REQUIRE(t != nullptr);
    Collected collected;
    kcheck_instance* inst = nullptr;
    REQUIRE(t->create(&collecting_callbacks(), &collected, &inst, error.data(), error.size()) ==
            KCHECK_STATUS_OK);
    kcheck_config config{};
    config.struct_size = sizeof(config);
    const std::string conf = endpoint_conf(kRefused);
    config.instance = str(conf);
    REQUIRE(t->configure(inst, &config, error.data(), error.size()) == KCHECK_STATUS_OK);
    CHECK(t->run(inst, error.data(), error.size()) == KCHECK_STATUS_UNAVAILABLE);
    CHECK(t->destroy(inst) == KCHECK_STATUS_OK);
    CHECK(::dlclose(lib) == 0);
  }
  std::filesystem::remove(copy);
}
