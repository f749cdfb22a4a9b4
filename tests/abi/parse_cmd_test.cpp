// `host-stub parse` as users run it: the exact JSON lines of both formats, stdin, parse
// errors and usage errors with their exit statuses. Expected output is written by hand.
#include <rapidjson/document.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process.hpp"

using namespace kcheck::abitest;

namespace {

const std::string kStub = KCHECK_HOST_STUB_PATH;

/// Writes `bytes` into a fresh temporary file and returns its path.
std::string write_input(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("kcheck-parse-" + std::to_string(::getpid()) + "-" + name + ".txt");
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

/// Runs `host-stub parse ARGS... - < file`: the input comes through a real stdin.
ProcessResult run_parse_stdin(const std::vector<std::string>& args, const std::string& file) {
  std::vector<std::string> argv{"/bin/sh", "-c",   "f=$1; shift; exec \"$@\" < \"$f\"", "sh", file,
                                kStub,     "parse"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("-");
  return run_process(argv);
}

// A 0.0.4 exposition with every escape of label values and HELP, UTF-8, a control byte,
// NaN and both infinities, and millisecond timestamps.
const std::string kPrometheusInput =
    "# HELP http_requests_total Requests \\\\ by \"path\"\\nsecond line\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{path=\"/a\\\"b\\\\c\\nd\",city=\"Z\xC3\xBCrich\"} 1027 "
    "1395066363123\n"
    "http_requests_total{path=\"/\",tab=\"x\ty\x01z\"} 3\n"
    "# TYPE temperature gauge\n"
    "temperature{k=\"nan\"} NaN\n"
    "temperature{k=\"pos\"} +Inf\n"
    "temperature{k=\"neg\"} -Inf -1000\n"
    "temperature{k=\"small\"} -1.5e-3\n"
    "untyped_thing 1e21\n";

const std::string kPrometheusOutput =
    R"({"family":"http_requests_total","type":"counter","name":"http_requests_total",)"
    R"("labels":{"path":"/a\"b\\c\nd","city":"Zürich"},"value":1027,"timestamp":1395066363.123})"
    "\n"
    R"({"family":"http_requests_total","type":"counter","name":"http_requests_total",)"
    R"("labels":{"path":"/","tab":"x\ty\u0001z"},"value":3,"timestamp":null})"
    "\n"
    R"({"family":"temperature","type":"gauge","name":"temperature","labels":{"k":"nan"},)"
    R"("value":"NaN","timestamp":null})"
    "\n"
    R"({"family":"temperature","type":"gauge","name":"temperature","labels":{"k":"pos"},)"
    R"("value":"+Inf","timestamp":null})"
    "\n"
    R"({"family":"temperature","type":"gauge","name":"temperature","labels":{"k":"neg"},)"
    R"("value":"-Inf","timestamp":-1})"
    "\n"
    R"({"family":"temperature","type":"gauge","name":"temperature","labels":{"k":"small"},)"
    R"("value":-0.0015,"timestamp":null})"
    "\n"
    R"({"family":"untyped_thing","type":"unknown","name":"untyped_thing","labels":{},)"
    R"("value":1e+21,"timestamp":null})"
    "\n";

// OpenMetrics: a counter sampled as _total with exemplars (with and without a timestamp),
// its _created, a gauge with a fractional-second timestamp, the final # EOF.
const std::string kOpenMetricsInput =
    "# TYPE foo counter\n"
    "# HELP foo Foo \\\"things\\\".\n"
    "foo_total{a=\"b\"} 17.5 # {trace_id=\"KOO5S4vxi0o\"} 0.67 1520879602.1\n"
    "foo_created{a=\"b\"} 1520430000.123\n"
    "foo_total{a=\"c\"} 3 # {id=\"x\"} 1\n"
    "# TYPE bar gauge\n"
    "bar 1 1520879607.5\n"
    "# EOF\n";

const std::string kOpenMetricsOutput =
    R"({"family":"foo","type":"counter","name":"foo_total","labels":{"a":"b"},"value":17.5,)"
    R"("timestamp":null,"exemplar":{"labels":{"trace_id":"KOO5S4vxi0o"},"value":0.67,)"
    R"("timestamp":1520879602.1}})"
    "\n"
    R"({"family":"foo","type":"counter","name":"foo_created","labels":{"a":"b"},)"
    R"("value":1520430000.123,"timestamp":null})"
    "\n"
    R"({"family":"foo","type":"counter","name":"foo_total","labels":{"a":"c"},"value":3,)"
    R"("timestamp":null,"exemplar":{"labels":{"id":"x"},"value":1,"timestamp":null}})"
    "\n"
    R"({"family":"bar","type":"gauge","name":"bar","labels":{},"value":1,)"
    R"("timestamp":1520879607.5})"
    "\n";

}  // namespace

TEST_CASE("host-stub parse prints each 0.0.4 sample as one exact JSON line", "[host-stub][parse]") {
  const auto file = write_input("prom", kPrometheusInput);
  const auto r = run_process({kStub, "parse", file});
  INFO(r.err);
  CHECK(r.out == kPrometheusOutput);
  CHECK(r.err.empty());
  CHECK(r.exit_status == 0);
  std::filesystem::remove(file);
}

TEST_CASE("host-stub parse output lines are valid JSON objects", "[host-stub][parse]") {
  const auto file = write_input("prom-json", kPrometheusInput);
  const auto r = run_process({kStub, "parse", file});
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 7);
  for (const auto& line : lines) {
    INFO(line);
    rapidjson::Document doc;
    doc.Parse(line.c_str(), line.size());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK(doc.IsObject());
  }
  std::filesystem::remove(file);
}

TEST_CASE("host-stub parse --openmetrics prints _total samples with their exemplars",
          "[host-stub][parse]") {
  const auto file = write_input("om", kOpenMetricsInput);
  const auto r = run_process({kStub, "parse", "--openmetrics", file});
  INFO(r.err);
  CHECK(r.out == kOpenMetricsOutput);
  CHECK(r.err.empty());
  CHECK(r.exit_status == 0);
  std::filesystem::remove(file);
}

TEST_CASE("host-stub parse reads stdin when the file is '-'", "[host-stub][parse]") {
  const auto file = write_input("stdin", kOpenMetricsInput);
  const auto r = run_parse_stdin({"--openmetrics"}, file);
  INFO(r.err);
  CHECK(r.out == kOpenMetricsOutput);
  CHECK(r.exit_status == 0);
  std::filesystem::remove(file);
}

TEST_CASE("host-stub parse reports a parse error with its position and exits with status 1",
          "[host-stub][parse]") {
  const auto file = write_input("bad", "a 1\nb{x=\"1\" y=\"2\"} 2\nc 3\n");
  const auto r = run_process({kStub, "parse", file});
  // The samples before the error are printed; nothing after it.
  CHECK(r.out ==
        R"({"family":"a","type":"unknown","name":"a","labels":{},"value":1,"timestamp":null})"
        "\n");
  CHECK(r.err == file + R"(: line 2 col 9: expected ',' or '}' after label value near 'y="2"} 2\n')"
                        "\n");
  CHECK(r.exit_status == 1);
  std::filesystem::remove(file);
}

TEST_CASE("host-stub parse names stdin <stdin> in a parse error", "[host-stub][parse]") {
  // Valid 0.0.4, but OpenMetrics needs the final # EOF.
  const auto file = write_input("bad-stdin", "a 1\n");
  const auto r = run_parse_stdin({"--openmetrics"}, file);
  CHECK(r.out ==
        R"({"family":"a","type":"unknown","name":"a","labels":{},"value":1,"timestamp":null})"
        "\n");
  CHECK(r.err == "<stdin>: line 2 col 1: expected '# EOF' at end of input\n");
  CHECK(r.exit_status == 1);
  std::filesystem::remove(file);
}

TEST_CASE("host-stub parse of a missing file exits with status 2", "[host-stub][parse]") {
  const auto r = run_process({kStub, "parse", "/nonexistent/metrics.txt"});
  CHECK(r.out.empty());
  CHECK(r.err ==
        "host-stub parse: cannot read /nonexistent/metrics.txt: No such file or directory\n");
  CHECK(r.exit_status == 2);
}

TEST_CASE("host-stub parse usage errors exit with status 2", "[host-stub][parse]") {
  const auto [args, message] = GENERATE(table<std::vector<std::string>, std::string>({
      {{"parse"}, "host-stub parse: expected a FILE or '-' for stdin\n"},
      {{"parse", "--openmetrics"}, "host-stub parse: expected a FILE or '-' for stdin\n"},
      {{"parse", "--json", "x"}, "host-stub parse: unknown argument '--json'\n"},
      {{"parse", "x", "y"}, "host-stub parse: expected one FILE, got 'x' and 'y'\n"},
  }));
  std::vector<std::string> argv{kStub};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv);
  CHECK(r.exit_status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with(message + "\nusage: host-stub"));
}
