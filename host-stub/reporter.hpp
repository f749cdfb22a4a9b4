// How the host-stub prints what a plugin submitted: --format text|json|quiet.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "kcheck.h"
#include "records.hpp"

namespace kcheck::stub {

enum class OutputFormat { kText, kJson, kQuiet };

/// What the session runs, for the text header.
struct SessionInfo {
  std::string plugin_path;
  std::string plugin_name;
  std::string plugin_version;
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::string source;  ///< the conf.yaml path, or a description of the demo endpoint
  int instances = 0;
  int times = 0;
};

/// Receives the session's events in order, on the thread that runs the plugin.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const SessionInfo& info) = 0;
  virtual void submission(int instance, const Submission& submission) = 0;
  virtual void log(int instance, kcheck_log_level level, std::string_view message) = 0;
  virtual void run_end(const RunEnd& end) = 0;
  virtual void finish() = 0;
};

/// One JSON object per line on `out` (quiet: run_end lines only); logs of level warning and
/// above go to `err` as text.
std::unique_ptr<Reporter> make_json_reporter(std::FILE* out, std::FILE* err, bool quiet);

/// A summary for people, in the spirit of `datadog-agent check`.
std::unique_ptr<Reporter> make_text_reporter(std::FILE* out);

/// The JSON line of one submission or run end, without the newline (exposed for tests).
std::string json_line(const Submission& submission);
std::string json_line(const RunEnd& end);

}  // namespace kcheck::stub
