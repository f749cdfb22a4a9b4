// libdatadog-agent-krakend_native.so under a host that follows the Datadog Agent's loader rules
// (datadog_host.hpp), against a KrakenD-shaped endpoint on loopback, compared with the core's
// own submissions through a plain Sink.
#include "datadog_host.hpp"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/check.hpp"
#include "loopback_server.hpp"
#include "shared_data.hpp"
#include "submission.hpp"

namespace fs = std::filesystem;
using kcheck::test::AggregatorTable;
using kcheck::test::LoadedCheck;
using kcheck::test::LoopbackServer;
using kcheck::test::Recorder;
using kcheck::test::RecordingSink;
using kcheck::test::Submission;

namespace {

constexpr const char* kCheckName = "krakend_native";

std::string payload() {
  auto text = kcheck::test::read_file(fs::path(KCHECK_AGENTS_DATA_DIR) / "krakend_metrics.txt");
  REQUIRE(text.has_value());
  return *text;
}

// A checks.d folder holding the library installed as the docs say: owner root, mode 0550.
const fs::path& installed_library() {
  static const fs::path path = [] {
    char pattern[] = "/tmp/kcheck-dd-XXXXXX";
    const char* dir = ::mkdtemp(pattern);
    REQUIRE(dir != nullptr);
    const fs::path folder = fs::path(dir) / "checks.d";
    fs::create_directory(folder);
    ::chmod(folder.c_str(), 0750);
    const fs::path target = kcheck::test::library_path(folder, kCheckName);
    fs::copy_file(KCHECK_DATADOG_LIBRARY, target);
    ::chmod(target.c_str(), 0550);
    return target;
  }();
  return path;
}

// What the Agent sends as instance_config: block-style YAML, keys sorted.
std::string instance_yaml(const std::string& endpoint, const std::string& tag,
                          const std::string& extra = "") {
  return extra + "openmetrics_endpoint: " + endpoint + "\ntags:\n- " + tag + "\n";
}

// The core's submissions for `runs` successive runs of one instance, through a plain Sink.
std::vector<std::vector<Submission>> core_runs(const std::string& init, const std::string& instance,
                                               int runs) {
  auto check = kcheck::Check::create(init, instance, 0);
  REQUIRE(check.ok());
  std::vector<std::vector<Submission>> out;
  for (int i = 0; i < runs; ++i) {
    RecordingSink sink;
    const kcheck::Status status = (*check)->run(sink);
    INFO(status.message());
    REQUIRE(status.ok());
    out.push_back(sink.submissions);
  }
  return out;
}

struct Fixture {
  LoopbackServer server;
  Fixture() {
    Recorder::instance().clear();
    kcheck::test::Route route;
    route.body = payload();
    server.set_route("/a/metrics", route);
    server.set_route("/b/metrics", route);
    route.delay = std::chrono::milliseconds(1500);
    server.set_route("/slow/metrics", route);
    server.set_route("/error/metrics", kcheck::test::Route{500, "text/plain", "failed\n", {}});
    server.set_route("/garbage/metrics",
                     kcheck::test::Route{200, route.content_type, "not{ metrics\n", {}});
  }
};

}  // namespace

TEST_CASE("The installed library passes the Agent's name and permission rules") {
  const fs::path& library = installed_library();
  CHECK(kcheck::test::valid_check_name(kCheckName));
  CHECK(library.filename() == "libdatadog-agent-krakend_native.so");
  CHECK_FALSE(kcheck::test::permission_error(library).has_value());
}

TEST_CASE("The Agent's permission rule refuses what others may read or the group may write") {
  const fs::path& library = installed_library();
  const auto mode = GENERATE(0755, 0570, 0551, 0440);
  ::chmod(library.c_str(), static_cast<mode_t>(mode));
  const bool refused = kcheck::test::permission_error(library).has_value();
  ::chmod(library.c_str(), 0550);
  CHECK(refused);
}

TEST_CASE("Version answers the project version with no error, once per load") {
  LoadedCheck check(installed_library());
  REQUIRE(check.loaded());
  REQUIRE(check.version().has_value());
  CHECK(*check.version() == KCHECK_EXPECTED_VERSION);
  CHECK_FALSE(check.version_error().has_value());
}

TEST_CASE("Two instances on their own threads submit exactly what the core submits", "[e2e]") {
  Fixture f;
  const std::string instance_a = instance_yaml(f.server.url("/a/metrics"), "instance:a");
  const std::string instance_b = instance_yaml(f.server.url("/b/metrics"), "instance:b");
  const auto expected_a = core_runs("", instance_a, 2);
  const auto expected_b = core_runs("", instance_b, 2);

  // One dlopen per instance, as the Agent does.
  LoadedCheck a(installed_library());
  LoadedCheck b(installed_library());
  REQUIRE(a.loaded());
  REQUIRE(b.loaded());
  AggregatorTable table(/*with_log_slot=*/true);
  for (int run = 0; run < 2; ++run) {
    LoadedCheck::Outcome out_a, out_b;
    std::thread ta([&] { out_a = a.run("krakend_native:a:1", "", instance_a, table); });
    std::thread tb([&] { out_b = b.run("krakend_native:b:2", "", instance_b, table); });
    ta.join();
    tb.join();
    CHECK_FALSE(out_a.error.has_value());
    CHECK_FALSE(out_b.error.has_value());
    CHECK(out_a.check_id_unchanged);
    CHECK(out_b.check_id_unchanged);
    const auto got_a = Recorder::instance().take("krakend_native:a:1");
    const auto got_b = Recorder::instance().take("krakend_native:b:2");
    INFO("run " << run << "\nadapter a:\n"
                << kcheck::test::to_string(got_a) << "core a:\n"
                << kcheck::test::to_string(expected_a[static_cast<std::size_t>(run)]));
    CHECK(got_a.size() > 1);
    CHECK(got_a == expected_a[static_cast<std::size_t>(run)]);
    CHECK(got_b == expected_b[static_cast<std::size_t>(run)]);
  }
}

TEST_CASE("A check_id whose config text changes is re-created from the new text", "[e2e]") {
  Fixture f;
  const std::string first = instance_yaml(f.server.url("/a/metrics"), "version:1");
  const std::string second = instance_yaml(f.server.url("/a/metrics"), "version:2");
  // A re-created instance starts over: its first run has flush_first_value false again.
  const auto expected_first = core_runs("", first, 2);
  const auto expected_second = core_runs("", second, 1);

  LoadedCheck check(installed_library());
  AggregatorTable table(true);
  const std::string id = "krakend_native:changing:1";
  REQUIRE_FALSE(check.run(id, "", first, table).error.has_value());
  REQUIRE_FALSE(check.run(id, "", first, table).error.has_value());
  const auto got_first = Recorder::instance().take(id);
  REQUIRE_FALSE(check.run(id, "", second, table).error.has_value());
  const auto got_second = Recorder::instance().take(id);

  std::vector<Submission> both_first = expected_first[0];
  both_first.insert(both_first.end(), expected_first[1].begin(), expected_first[1].end());
  CHECK(got_first == both_first);
  CHECK(got_second == expected_second[0]);
}

TEST_CASE("A rejected configuration fails each Run with a malloc'ed copy of the core's error") {
  const std::string closed =
      "http://127.0.0.1:" + std::to_string(kcheck::test::closed_loopback_port()) + "/metrics";
  const std::string instance =
      GENERATE_COPY(std::string("{}"), std::string("openmetrics_endpoint: 12\n"),
                    "openmetrics_endpoint: " + closed + "\ntimeout: ten\n",
                    "no_such_option: 1\nopenmetrics_endpoint: " + closed + "\n");
  auto direct = kcheck::Check::create("", instance, 0);
  REQUIRE_FALSE(direct.ok());

  LoadedCheck check(installed_library());
  AggregatorTable table(true);
  const std::string id = "krakend_native:bad:" + std::to_string(std::hash<std::string>{}(instance));
  for (int run = 0; run < 2; ++run) {  // the second Run reuses the cached verdict
    const auto outcome = check.run(id, "", instance, table);
    REQUIRE(outcome.error.has_value());
    CHECK(*outcome.error == direct.status().message());
  }
  CHECK(Recorder::instance().take(id).empty());
}

TEST_CASE("native_log with a value that is not a boolean is a configuration error") {
  LoadedCheck check(installed_library());
  AggregatorTable table(true);
  const auto outcome =
      check.run("krakend_native:log:bad", "",
                "native_log: maybe\nopenmetrics_endpoint: http://127.0.0.1:9/m\n", table);
  REQUIRE(outcome.error.has_value());
  CHECK(*outcome.error == "native_log: expected a boolean, got \"maybe\"");
}

TEST_CASE("Without native_log an Agent's five-slot aggregator table is all that is read") {
  const std::string endpoint =
      "http://127.0.0.1:" + std::to_string(kcheck::test::closed_loopback_port()) + "/metrics";
  // ignore_connection_errors makes the core log a warning and succeed: the log callback is
  // wanted, and must not be looked up (ASan reports a read past the five slots).
  const std::string instance =
      "ignore_connection_errors: true\nopenmetrics_endpoint: " + endpoint + "\n";
  LoadedCheck check(installed_library());
  AggregatorTable five_slots(/*with_log_slot=*/false);
  const auto outcome = check.run("krakend_native:nolog:1", "", instance, five_slots);
  CHECK_FALSE(outcome.error.has_value());
  const auto got = Recorder::instance().take("krakend_native:nolog:1");
  REQUIRE(got.size() == 1);
  CHECK(got[0].kind == Submission::Kind::kServiceCheck);
  CHECK(got[0].type == 2);  // CRITICAL
  CHECK(Recorder::instance().take("<log>").empty());
}

TEST_CASE("With native_log: true the core's log lines reach the Agent's log callback") {
  const std::string endpoint =
      "http://127.0.0.1:" + std::to_string(kcheck::test::closed_loopback_port()) + "/metrics";
  const std::string core_text =
      "ignore_connection_errors: true\nopenmetrics_endpoint: " + endpoint + "\n";
  auto direct = kcheck::Check::create("", core_text, 0);
  REQUIRE(direct.ok());
  RecordingSink reference;
  REQUIRE((*direct)->run(reference).ok());
  REQUIRE_FALSE(reference.logs.empty());

  LoadedCheck check(installed_library());
  AggregatorTable table(true);
  Recorder::instance().take("<log>");
  const auto outcome = check.run(
      "krakend_native:log:1", "",
      "ignore_connection_errors: true\nnative_log: true\nopenmetrics_endpoint: " + endpoint + "\n",
      table);
  CHECK_FALSE(outcome.error.has_value());
  const auto logs = Recorder::instance().take("<log>");
  CHECK(logs == reference.logs);
}

TEST_CASE("dlclose of every handle while a Run is in flight leaves that Run intact", "[e2e]") {
  Fixture f;
  const std::string slow = instance_yaml(f.server.url("/slow/metrics"), "instance:slow");
  const std::string quick = instance_yaml(f.server.url("/b/metrics"), "instance:quick");
  const auto expected_slow = core_runs("", slow, 1);

  auto a = std::make_unique<LoadedCheck>(installed_library());
  auto b = std::make_unique<LoadedCheck>(installed_library());
  AggregatorTable table(true);
  REQUIRE_FALSE(b->run("krakend_native:quick:1", "", quick, table).error.has_value());
  Recorder::instance().take("krakend_native:quick:1");

  const int requests_before = f.server.requests("/slow/metrics");
  LoadedCheck::Outcome slow_outcome;
  std::thread in_flight([&] { slow_outcome = a->run("krakend_native:slow:1", "", slow, table); });
  REQUIRE(
      f.server.wait_for_requests("/slow/metrics", requests_before + 1, std::chrono::seconds(10)));
  // The Agent unschedules without waiting: one instance's handle, then the other's.
  b->close();
  a->close();
  in_flight.join();
  CHECK_FALSE(slow_outcome.error.has_value());
  CHECK(Recorder::instance().take("krakend_native:slow:1") == expected_slow[0]);
  // -z nodelete: the library is still mapped after its last dlclose.
  void* still = ::dlopen(installed_library().c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  CHECK(still != nullptr);
  if (still != nullptr) ::dlclose(still);
}

TEST_CASE("No thread started by a Run outlives it", "[e2e]") {
  Fixture f;
  LoadedCheck check(installed_library());
  AggregatorTable table(true);
  const std::string instance = instance_yaml(f.server.url("/a/metrics"), "instance:threads");
  f.server.quiesce();
  const int before = kcheck::test::thread_count();
  for (int run = 0; run < 3; ++run) {
    REQUIRE_FALSE(check.run("krakend_native:threads:1", "", instance, table).error.has_value());
  }
  f.server.quiesce();  // the server's own connection threads
  CHECK(kcheck::test::settled_thread_count(before) == before);
  CHECK_FALSE(Recorder::instance().take("krakend_native:threads:1").empty());
}

TEST_CASE("A Run holds no descriptor once it has returned, whether it succeeded or failed",
          "[e2e]") {
  struct Case {
    std::string path;
    bool fails;
  };
  const Case c = GENERATE(Case{"/a/metrics", false}, Case{"/error/metrics", true},
                          Case{"/garbage/metrics", true});
  Fixture f;
  LoadedCheck check(installed_library());
  AggregatorTable table(true);
  // A first Run of another instance loads what a process loads once (resolver, TLS library).
  REQUIRE_FALSE(check
                    .run("krakend_native:fds:warm-up", "",
                         instance_yaml(f.server.url("/a/metrics"), "instance:warm-up"), table)
                    .error.has_value());
  f.server.quiesce();
  const int before = kcheck::test::fd_count();
  // strict_parsing: the garbage payload fails the Run instead of dropping its family.
  const std::string instance =
      instance_yaml(f.server.url(c.path), "instance:fds", "strict_parsing: true\n");
  for (int run = 0; run < 2; ++run) {  // the first Run creates the instance, the second reuses it
    CHECK(check.run("krakend_native:fds:1", "", instance, table).error.has_value() == c.fails);
    f.server.quiesce();  // the server's side of the connection
    CHECK(kcheck::test::fd_count() == before);
  }
  Recorder::instance().clear();
}
