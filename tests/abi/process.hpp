// Runs a child process (host-stub, c-host) and captures its output, for the host tests.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace kcheck::abitest {

struct ProcessResult {
  int exit_status = -1;  ///< exit code, or 128 + signal when killed by one
  std::string out;
  std::string err;
};

/// Runs `argv` to completion. `while_running`, when given, is called once with the child's
/// pid and the output captured so far (a function to read it), e.g. to send a signal.
/// The child is killed after `limit` (a bound on the test's own waiting).
ProcessResult run_process(
    const std::vector<std::string>& argv,
    const std::function<void(int pid, const std::function<std::string()>& output)>& while_running =
        {},
    std::chrono::seconds limit = std::chrono::seconds(60));

/// Splits text into lines (without the newlines; no empty last line).
std::vector<std::string> lines_of(const std::string& text);

}  // namespace kcheck::abitest
