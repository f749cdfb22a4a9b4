// `host-stub run`: load a plugin, run every instance of a conf.yaml (or of the bundled demo
// endpoint) N times, print what was submitted.
#pragma once

#include <optional>
#include <string>

#include "reporter.hpp"

namespace kcheck::stub {

struct RunOptions {
  std::string plugin_path;
  std::optional<std::string> conf_path;  ///< none: serve and check the bundled demo
  int times = 1;
  double interval_seconds = 0;
  OutputFormat format = OutputFormat::kText;
};

/// Parses `run` arguments (argv[0] is "run"); nullopt with `error` set on a usage error.
/// `default_plugin` is used when --plugin is absent.
std::optional<RunOptions> parse_run_options(int argc, char** argv, std::string& error,
                                            const std::optional<std::string>& default_plugin);

/// Runs; returns the exit status: 0 all runs ok, 1 a run or a configure failed, 2 usage or
/// load error, 130 interrupted.
int run_command(const RunOptions& options);

/// `host-stub run ...` (argv[0] is "run").
int run_main(int argc, char** argv);

/// The plugin installed or built beside the executable (../plugin/libkrakend_check.so in a
/// build tree, ../lib/kcheck/libkrakend_check.so when installed), if it exists.
std::optional<std::string> plugin_next_to_executable();

/// Usage text of the whole tool.
extern const char* const kUsage;

}  // namespace kcheck::stub
