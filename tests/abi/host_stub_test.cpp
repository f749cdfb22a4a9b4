// host-stub as users run it: output formats, exit statuses, Ctrl-C.
#include <rapidjson/document.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "loopback.hpp"
#include "process.hpp"

using namespace kcheck::abitest;

namespace {

const std::string kStub = KCHECK_HOST_STUB_PATH;
const std::string kPlugin = KCHECK_PLUGIN_PATH;

/// Writes a conf.yaml into a fresh temporary file and returns its path.
std::string write_conf(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("kcheck-" + std::to_string(::getpid()) + "-" + name + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

rapidjson::Document parse_json(const std::string& line) {
  rapidjson::Document doc;
  doc.Parse(line.c_str(), line.size());
  return doc;
}

}  // namespace

TEST_CASE("json output is one valid JSON object per line, ending with run_end",
          "[host-stub][run]") {
  const auto r = run_process({kStub, "run", "--plugin", kPlugin, "--format", "json"});
  INFO(r.err);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() >= 2);
  std::size_t metrics = 0;
  std::size_t service_checks = 0;
  for (const auto& line : lines) {
    INFO(line);
    const auto doc = parse_json(line);
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    const std::string kind = doc["kind"].GetString();
    if (kind == "metric") {
      ++metrics;
      CHECK(doc["type"].IsString());
      CHECK(doc["name"].IsString());
      CHECK(doc["value"].IsNumber());
      CHECK(doc["tags"].IsArray());
      CHECK(doc["hostname"].IsString());
      CHECK(doc["flush_first_value"].IsBool());
    } else if (kind == "service_check") {
      ++service_checks;
      CHECK(doc["status"].IsInt());
      CHECK(doc["message"].IsString());
    } else {
      CHECK(kind == "run_end");
    }
  }
  const auto end = parse_json(lines.back());
  CHECK(std::string(end["kind"].GetString()) == "run_end");
  CHECK(end["instance"].GetInt() == 0);
  CHECK(end["run"].GetInt() == 1);
  CHECK(std::string(end["status"].GetString()) == "ok");
  CHECK(end["error"].IsNull());
  CHECK(end["duration_ms"].IsNumber());
  CHECK(end["submissions"].GetUint64() == metrics + service_checks);
  CHECK(service_checks == 1);
  CHECK(r.exit_status == 0);
}

TEST_CASE("quiet output prints only one run_end line per run", "[host-stub][run]") {
  const auto r =
      run_process({kStub, "run", "--plugin", kPlugin, "--format", "quiet", "--times", "3"});
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  for (int i = 0; i < 3; ++i) {
    const auto doc = parse_json(lines[static_cast<std::size_t>(i)]);
    REQUIRE(doc.IsObject());
    CHECK(std::string(doc["kind"].GetString()) == "run_end");
    CHECK(doc["run"].GetInt() == i + 1);
    // Counted without being copied: the bundled sample's 108 metric samples and the health.
    CHECK(doc["submissions"].GetInt() == 109);
  }
}

TEST_CASE("text output summarises the run for people", "[host-stub][run]") {
  const auto r = run_process({kStub, "run", "--plugin", kPlugin});
  CHECK(r.out.find("checking the bundled KrakenD sample at http://127.0.0.1:") !=
        std::string::npos);
  CHECK(r.out.find("instance 0, run 1: ") != std::string::npos);
  CHECK(r.out.find("krakend.api.openmetrics.health") != std::string::npos);
  CHECK(r.out.find("Total runs: 1") != std::string::npos);
}

TEST_CASE("without arguments host-stub runs the demo with the plugin beside it",
          "[host-stub][run]") {
  const auto r = run_process({kStub});
  CHECK(r.out.find("instance 0, run 1: ") != std::string::npos);
}

TEST_CASE("every instance of a conf.yaml runs and a failed run makes the exit status 1",
          "[host-stub][run]") {
  auto server = serve_demo();
  const auto conf =
      write_conf("two", "init_config:\ninstances:\n  - openmetrics_endpoint: " + server->url() +
                            "\n  - openmetrics_endpoint: "
                            "http://127.0.0.1:1/metrics\n");
  const auto r = run_process(
      {kStub, "run", "--plugin", kPlugin, "--conf", conf, "--format", "quiet", "--times", "2"});
  INFO(r.out << r.err);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 4);
  const auto second = parse_json(lines[1]);
  CHECK(second["instance"].GetInt() == 1);
  CHECK(std::string(second["status"].GetString()) == "unavailable");
  CHECK(std::string(second["error"].GetString()) == "connection refused to 127.0.0.1:1");
  CHECK(r.exit_status == 1);
  std::filesystem::remove(conf);
}

TEST_CASE("an instance that does not configure reports the error in each of its run_end lines",
          "[host-stub][run]") {
  const auto conf = write_conf(
      "bad",
      "instances:\n  - openmetrics_endpoint: http://127.0.0.1:1/metrics\n    timeout: ten\n");
  const auto r = run_process(
      {kStub, "run", "--plugin", kPlugin, "--conf", conf, "--format", "quiet", "--times", "2"});
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  const auto doc = parse_json(lines[0]);
  CHECK(std::string(doc["status"].GetString()) == "invalid_argument");
  CHECK(std::string(doc["error"].GetString()) ==
        R"(instances[0].timeout: expected a number > 0, got "ten")");
  CHECK(r.exit_status == 1);
  std::filesystem::remove(conf);
}

TEST_CASE("usage and load errors exit with status 2", "[host-stub][run]") {
  const auto [args, message] = GENERATE(table<std::vector<std::string>, std::string>({
      {{"run", "--plugin", kPlugin, "--times", "0"}, "--times needs an integer >= 1"},
      {{"run", "--plugin", kPlugin, "--format", "xml"}, "--format needs text, json or quiet"},
      {{"run", "--plugin", kPlugin, "--bogus"}, "unknown argument '--bogus'"},
      {{"run", "--plugin", "/nonexistent/libnothing.so"}, "/nonexistent/libnothing.so"},
      {{"run", "--plugin", kPlugin, "--conf", "/nonexistent/conf.yaml"},
       "cannot read /nonexistent/conf.yaml"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
  }));
  std::vector<std::string> argv{kStub};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv);
  CHECK(r.exit_status == 2);
  CHECK(r.err.find(message) != std::string::npos);
}

TEST_CASE("Ctrl-C during a run cancels it and exits with status 130", "[host-stub][run]") {
  auto server = serve_nothing();
  const auto conf = write_conf(
      "hang", "instances:\n  - openmetrics_endpoint: " + server->url() + "\n    timeout: 30\n");
  const auto r = run_process(
      {kStub, "run", "--plugin", kPlugin, "--conf", conf, "--format", "quiet", "--times", "5"},
      [&](int pid, const std::function<std::string()>&) {
        if (wait_until([&] { return server->connections() >= 1; })) ::kill(pid, SIGINT);
      });
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1);  // the cancelled run; the 4 others never start
  const auto doc = parse_json(lines[0]);
  CHECK(std::string(doc["status"].GetString()) == "cancelled");
  CHECK(r.exit_status == 130);
  std::filesystem::remove(conf);
}
