// `host-stub logs` as users run it: the exact JSON lines for a small file, stdin, a time
// zone, and the errors (missing file, unknown zone, usage) with their exit statuses.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "process.hpp"

using kcheck::abitest::ProcessResult;
using kcheck::abitest::run_process;

namespace {

const std::string kStub = KCHECK_HOST_STUB_PATH;

std::string write_input(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("kcheck-logs-" + std::to_string(::getpid()) + "-" + name + ".log");
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

// An access line with its error (the record spans two lines), a basic line in Madrid's
// summer time, a panic with its stack at the very end (finished at end of input).
const std::string kInput =
    "[GIN] 2024/07/17 - 11:24:25 | 500 |      1ms |  10.0.0.1 | GET      \"/a\"\n"
    "Error #01: context canceled\n"
    "2024/07/17 11:24:26 KRAKEND WARNING: [CB] went open\n"
    "panic: boom\n\ngoroutine 1 [running]:\n";

const std::string kOutput =
    R"({"timestamp":"2024-07-17T09:24:25.000Z","status":"error","message":"[GIN] 2024/07/17 )"
    R"(- 11:24:25 | 500 |      1ms |  10.0.0.1 | GET      \"/a\"\nError #01: context )"
    R"(canceled","logger":{"name":"gin"},"krakend":{"format":"gin","errors":["context )"
    R"(canceled"]},"http":{"status_code":500,"method":"GET","url":"/a"},)"
    R"("network":{"client":{"ip":"10.0.0.1"}},"duration":1000000,)"
    R"("error":{"message":"context canceled","kind":"canceled"}})"
    "\n"
    R"({"timestamp":"2024-07-17T09:24:26.000Z","status":"warning","message":"[CB] went open",)"
    R"("logger":{"name":"krakend"},"krakend":{"format":"basic","component":"CB"}})"
    "\n";

const std::string kPanicTail =
    R"(,"status":"critical","message":"panic: boom","logger":{"name":"runtime"},)"
    R"("krakend":{"format":"panic"},"error":{"message":"boom","kind":"other",)"
    R"("stack":"goroutine 1 [running]:"}})"
    "\n";

/// `kOutput` then the panic, whose time is the run's "now": compared without it.
void check_output(const std::string& out) {
  REQUIRE(out.size() > kOutput.size());
  CHECK(out.substr(0, kOutput.size()) == kOutput);
  const std::string panic = out.substr(kOutput.size());
  CHECK(panic.rfind(R"({"timestamp":")", 0) == 0);
  CHECK(panic.size() == 14 + 24 + 1 + kPanicTail.size());
  CHECK(panic.substr(panic.size() - kPanicTail.size()) == kPanicTail);
}

}  // namespace

TEST_CASE("host-stub logs prints one JSON record per log record", "[logs][host-stub]") {
  const std::string file = write_input("ok", kInput);
  const ProcessResult r = run_process({kStub, "logs", "--timezone", "Europe/Madrid", file});
  std::filesystem::remove(file);
  CHECK(r.exit_status == 0);
  CHECK(r.err.empty());
  check_output(r.out);
}

TEST_CASE("host-stub logs reads stdin for '-'", "[logs][host-stub]") {
  const std::string file = write_input("stdin", kInput);
  const ProcessResult r = run_process(
      {"/bin/sh", "-c", "exec \"$1\" logs --timezone Europe/Madrid - < \"$2\"", "sh", kStub, file});
  std::filesystem::remove(file);
  CHECK(r.exit_status == 0);
  check_output(r.out);
}

TEST_CASE("host-stub logs refuses a missing file, an unknown zone and bad usage",
          "[logs][host-stub]") {
  struct Row {
    std::vector<std::string> args;
    std::string err_start;
  };
  const auto row = GENERATE(values<Row>({
      {{"logs", "/nonexistent/krakend.log"},
       "host-stub logs: cannot read /nonexistent/krakend.log: No such file or directory\n"},
      {{"logs", "--timezone", "Mars/Olympus", "-"},
       "host-stub logs: unknown time zone 'Mars/Olympus': cannot read "
       "/usr/share/zoneinfo/Mars/Olympus\n"},
      {{"logs", "--timezone"},
       "host-stub logs: --timezone needs a value (UTC, +02:00, Europe/Madrid, ...)\n"},
      {{"logs"}, "host-stub logs: expected a FILE or '-' for stdin\n"},
      {{"logs", "--colour", "x"}, "host-stub logs: unknown argument '--colour'\n"},
  }));
  std::vector<std::string> argv{kStub};
  argv.insert(argv.end(), row.args.begin(), row.args.end());
  const ProcessResult r = run_process(argv);
  CHECK(r.exit_status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.substr(0, row.err_start.size()) == row.err_start);
}
