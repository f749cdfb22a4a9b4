// ABI 1.1: the records of an instance's log_files reach the host's submit_log callback, the
// krakend.api.logs.* counts reach every host, and a 1.0 host (a shorter callback table)
// still runs, with the counts and without the records.
#include <rapidjson/document.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "loopback.hpp"
#include "plugin_fixture.hpp"
#include "temp_dir.hpp"

using namespace kcheck::abitest;

namespace {

/// A private folder with KrakenD's log file in it.
class LogFolder : public kcheck::test::TempDir {
 public:
  void append(const std::string& text) const {
    kcheck::test::append_file(file("krakend.log"), text);
  }
};

constexpr char kLines[] =
    "2024/01/17 11:24:25 KRAKEND ERROR: [ENDPOINT: /api/users] context canceled\n"
    "2024/01/17 11:24:26 KRAKEND INFO: [SERVICE: Gin] Listening on port: 8080\n"
    "something KrakenD never wrote\n";

std::string log_conf(const std::string& url, const LogFolder& folder, std::string_view more = "") {
  std::string members =
      R"("log_files": [")" + folder.file("*.log") + R"("], "log_start_position": "beginning")";
  if (!more.empty()) {
    members += ", ";
    members += more;
  }
  return endpoint_conf(url, members);
}

bool has(const Collected& c, const char* metric) {
  return std::find(c.metric_names.begin(), c.metric_names.end(), metric) != c.metric_names.end();
}

}  // namespace

TEST_CASE("each record reaches submit_log as one JSON object, with its status and timestamp",
          "[abi][logs]") {
  auto server = serve_demo();
  LogFolder folder;
  folder.append(kLines);
  Instance inst;
  std::string error;
  REQUIRE(inst.configure(log_conf(server->url(), folder), "", &error) == KCHECK_STATUS_OK);
  REQUIRE(inst.run(&error) == KCHECK_STATUS_OK);
  const Collected& c = inst.collected();
  REQUIRE(c.log_records.size() == 3);
  CHECK(c.log_statuses ==
        std::vector<int>{KCHECK_LOG_STATUS_ERROR, KCHECK_LOG_STATUS_INFO, KCHECK_LOG_STATUS_INFO});
  CHECK(c.log_timestamps[0] == 1705490665000);  // 2024-01-17T11:24:25Z (log_timezone UTC)
  rapidjson::Document first;
  first.Parse(c.log_records[0].c_str());
  REQUIRE_FALSE(first.HasParseError());
  CHECK(std::string(first["status"].GetString()) == "error");
  CHECK(std::string(first["message"].GetString()) == "[ENDPOINT: /api/users] context canceled");
  CHECK(std::string(first["krakend"]["endpoint"].GetString()) == "/api/users");
  CHECK(std::string(first["error"]["kind"].GetString()) == "canceled");
  rapidjson::Document third;
  third.Parse(c.log_records[2].c_str());
  CHECK(std::string(third["krakend"]["format"].GetString()) == "unparsed");
  // The counts come with the metrics, the health check last and OK.
  CHECK(has(c, "krakend.api.logs.lines.count"));
  CHECK(has(c, "krakend.api.logs.errors.count"));
  CHECK(has(c, "krakend.api.logs.unparsed.count"));
  CHECK(has(c, "krakend.api.logs.bytes.count"));
  // The demo payload's 108, then lines (error and info, both logger:krakend), errors, unparsed
  // and bytes.
  CHECK(c.metric_names.size() == 108 + 5);
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_OK);
}

TEST_CASE("a run reads only what was appended since the previous run", "[abi][logs]") {
  auto server = serve_demo();
  LogFolder folder;
  folder.append(kLines);
  Instance inst;
  REQUIRE(inst.configure(log_conf(server->url(), folder)) == KCHECK_STATUS_OK);
  REQUIRE(inst.run() == KCHECK_STATUS_OK);
  inst.collected().clear();
  REQUIRE(inst.run() == KCHECK_STATUS_OK);
  CHECK(inst.collected().log_records.empty());
  folder.append("2024/01/17 11:25:00 KRAKEND WARNING: [BACKEND: /users] slow\n");
  inst.collected().clear();
  REQUIRE(inst.run() == KCHECK_STATUS_OK);
  REQUIRE(inst.collected().log_records.size() == 1);
  CHECK(inst.collected().log_statuses[0] == KCHECK_LOG_STATUS_WARNING);
}

TEST_CASE("a host with the 1.0 callback table gets the counts and no record", "[abi][logs]") {
  auto server = serve_demo();
  LogFolder folder;
  folder.append(kLines);
  kcheck_host_callbacks old = collecting_callbacks();
  old.struct_size = static_cast<std::uint32_t>(offsetof(kcheck_host_callbacks, submit_log));
  old.submit_log = nullptr;
  Collected collected;
  kcheck_instance* handle = nullptr;
  REQUIRE(api().create(&old, &collected, &handle, nullptr, 0) == KCHECK_STATUS_OK);
  const std::string conf = log_conf(server->url(), folder);
  const kcheck_config config{sizeof(kcheck_config), 0, str(""), str(conf)};
  REQUIRE(api().configure(handle, &config, nullptr, 0) == KCHECK_STATUS_OK);
  CHECK(api().run(handle, nullptr, 0) == KCHECK_STATUS_OK);
  api().destroy(handle);
  CHECK(collected.log_records.empty());
  CHECK(has(collected, "krakend.api.logs.lines.count"));
}

TEST_CASE("a log file that cannot be read is a WARNING health check, not a failed run",
          "[abi][logs]") {
  auto server = serve_demo();
  LogFolder folder;
  Instance inst;
  const std::string missing = folder.file("gone.log");
  REQUIRE(inst.configure(endpoint_conf(server->url(), R"("log_files": [")" + missing + "\"]")) ==
          KCHECK_STATUS_OK);
  std::string error;
  CHECK(inst.run(&error) == KCHECK_STATUS_OK);
  const Collected& c = inst.collected();
  CHECK(c.metric_names.size() >= 108);
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_WARNING);
  CHECK_THAT(c.service_check_messages[0], Catch::Contains(missing));
}

TEST_CASE("the logs are still read when the endpoint is down", "[abi][logs]") {
  LogFolder folder;
  folder.append(kLines);
  Instance inst;
  REQUIRE(inst.configure(log_conf("http://127.0.0.1:1/metrics", folder)) == KCHECK_STATUS_OK);
  CHECK(inst.run() == KCHECK_STATUS_UNAVAILABLE);
  const Collected& c = inst.collected();
  CHECK(c.log_records.size() == 3);
  CHECK(has(c, "krakend.api.logs.lines.count"));
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_CRITICAL);
}

TEST_CASE("log_output appends every record as one NDJSON line", "[abi][logs]") {
  auto server = serve_demo();
  LogFolder folder;
  folder.append(kLines);
  const std::string out = folder.file("records.ndjson");
  Instance inst;
  REQUIRE(inst.configure(log_conf(server->url(), folder, R"("log_output": ")" + out + "\"")) ==
          KCHECK_STATUS_OK);
  REQUIRE(inst.run() == KCHECK_STATUS_OK);
  std::ifstream in(out);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    CHECK_FALSE(d.HasParseError());
    ++lines;
  }
  CHECK(lines == 3);
}

TEST_CASE("log options are checked at configure time, naming the key", "[abi][logs]") {
  LogFolder folder;
  Instance inst;
  std::string error;
  const std::string url = "http://127.0.0.1:1/metrics";
  CHECK(inst.configure(log_conf(url, folder, R"("log_timezone": "Mars/Olympus")"), "", &error) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK_THAT(error, Catch::StartsWith("instances[0].log_timezone:") && Catch::Contains("Mars"));
  CHECK(inst.configure(endpoint_conf(url, R"("log_timezone": "UTC")"), "", &error) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK_THAT(error, Catch::Contains("log_timezone") && Catch::Contains("log_files"));
  CHECK(inst.configure(endpoint_conf(url, R"("log_files": ["relative/*.log"])"), "", &error) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK_THAT(error, Catch::StartsWith("instances[0].log_files[0]:"));
  CHECK(inst.configure(log_conf(url, folder, R"("log_output": ")" + folder.file("out.log") + "\""),
                       "", &error) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK_THAT(error, Catch::StartsWith("instances[0].log_output:") &&
                        Catch::Contains("read its own output"));
}

TEST_CASE("many unreadable log files are named three at a time in the health message",
          "[abi][logs]") {
  auto server = serve_demo();
  LogFolder folder;
  std::string files;
  for (int i = 0; i < 10; ++i) {
    if (i != 0) files += ", ";
    files += "\"" + folder.file(("gone" + std::to_string(i) + ".log").c_str()) + "\"";
  }
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(server->url(), R"("log_files": [)" + files + "]")) ==
          KCHECK_STATUS_OK);
  CHECK(inst.run() == KCHECK_STATUS_OK);
  const Collected& c = inst.collected();
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_WARNING);
  CHECK_THAT(c.service_check_messages[0],
             Catch::Contains("gone2.log") && Catch::EndsWith("and 7 more log warnings"));
  CHECK_THAT(c.service_check_messages[0], !Catch::Contains("gone3.log"));
  // Every one of them is in the check's own log.
  std::size_t logged = 0;
  for (const std::string& line : c.logs) logged += line.find("gone") != std::string::npos;
  CHECK(logged == 10);
}

namespace {

// A host that cancels its own run from one of its callbacks (cancel is safe from a callback):
// at the first record, or at the core's "scraped ..." line (the body is in, not yet mapped).
// Everything is recorded into `collected` by the fixture's callbacks.
struct CancellingHost {
  enum class At { kFirstRecord, kScraped, kNever };
  At at = At::kFirstRecord;
  Collected collected;
  kcheck_instance* handle = nullptr;

  static CancellingHost& of(void* ctx) { return *static_cast<CancellingHost*>(ctx); }
  static const kcheck_host_callbacks& base() { return collecting_callbacks(); }
  static void metric(void* ctx, const kcheck_metric* m) {
    base().submit_metric(&of(ctx).collected, m);
  }
  static void check(void* ctx, const kcheck_service_check* sc) {
    base().submit_service_check(&of(ctx).collected, sc);
  }
  static void bucket(void* ctx, const kcheck_histogram_bucket* b) {
    base().submit_histogram_bucket(&of(ctx).collected, b);
  }
  static void log(void* ctx, kcheck_log_level level, kcheck_str message) {
    base().log(&of(ctx).collected, level, message);
    const std::string_view text(message.data, message.size);
    if (of(ctx).at == At::kScraped && text.starts_with("scraped ")) api().cancel(of(ctx).handle);
  }
  static void record(void* ctx, const kcheck_log_record* r) {
    base().submit_log(&of(ctx).collected, r);
    if (of(ctx).at == At::kFirstRecord) api().cancel(of(ctx).handle);
  }

  // `with_records`: a 1.1 table; else a 1.0 one, without submit_log.
  CancellingHost(At when, bool with_records, const std::string& conf) : at(when) {
    kcheck_host_callbacks table{};
    table.struct_size = static_cast<std::uint32_t>(
        with_records ? sizeof(kcheck_host_callbacks) : offsetof(kcheck_host_callbacks, submit_log));
    table.submit_metric = metric;
    table.submit_service_check = check;
    table.submit_histogram_bucket = bucket;
    table.log = log;
    if (with_records) table.submit_log = record;
    REQUIRE(api().create(&table, this, &handle, nullptr, 0) == KCHECK_STATUS_OK);
    const kcheck_config config{sizeof(kcheck_config), 0, str(""), str(conf)};
    REQUIRE(api().configure(handle, &config, nullptr, 0) == KCHECK_STATUS_OK);
  }
  ~CancellingHost() { api().destroy(handle); }
  CancellingHost(const CancellingHost&) = delete;
  CancellingHost& operator=(const CancellingHost&) = delete;

  kcheck_status run() { return api().run(handle, nullptr, 0); }
};

bool only_log_counts(const Collected& c) {
  return !c.metric_names.empty() &&
         std::all_of(c.metric_names.begin(), c.metric_names.end(),
                     [](const std::string& name) { return name.starts_with("krakend.api.logs."); });
}

}  // namespace

TEST_CASE("a cancel after records were submitted ends the run with their counts and health",
          "[abi][logs][cancel]") {
  const auto at = GENERATE(CancellingHost::At::kFirstRecord, CancellingHost::At::kScraped);
  INFO((at == CancellingHost::At::kFirstRecord ? "cancel at the first record"
                                               : "cancel once the body is in"));
  auto server = serve_demo();
  LogFolder folder;
  folder.append(kLines);
  CancellingHost host(at, /*with_records=*/true, log_conf(server->url(), folder));
  CHECK(host.run() == KCHECK_STATUS_CANCELLED);
  const Collected& c = host.collected;
  // The three records came in one read: the tailer looks at the cancel between reads.
  CHECK(c.log_records.size() == 3);
  // Nothing of the payload, the counts of what was sent (lines x2, errors, unparsed, bytes).
  CHECK(only_log_counts(c));
  CHECK(c.metric_names.size() == 5);
  CHECK(c.buckets == 0);
  REQUIRE(c.service_check_statuses.size() == 1);
  CHECK(c.service_check_statuses[0] == KCHECK_SERVICE_CHECK_UNKNOWN);
  CHECK(c.service_check_messages[0] ==
        "run cancelled before the scrape of " + server->url() + " was submitted");
  // The records are not read again; the next run is whole.
  host.collected.clear();
  host.at = CancellingHost::At::kNever;
  CHECK(host.run() == KCHECK_STATUS_OK);
  CHECK(host.collected.log_records.empty());
  CHECK(host.collected.metric_names.size() == 108 + 5);
  REQUIRE(host.collected.service_check_statuses.size() == 1);
  CHECK(host.collected.service_check_statuses[0] == KCHECK_SERVICE_CHECK_OK);
}

TEST_CASE("a cancel before anything reached a 1.0 host submits nothing, records read or not",
          "[abi][logs][cancel]") {
  auto server = serve_demo();
  LogFolder folder;
  folder.append(kLines);
  CancellingHost host(CancellingHost::At::kScraped, /*with_records=*/false,
                      log_conf(server->url(), folder));
  CHECK(host.run() == KCHECK_STATUS_CANCELLED);
  CHECK(host.collected.submissions() == 0);
  // The counts were kept: the next run sends them with the lines the cancelled run read.
  host.at = CancellingHost::At::kNever;
  CHECK(host.run() == KCHECK_STATUS_OK);
  CHECK(has(host.collected, "krakend.api.logs.lines.count"));
}
