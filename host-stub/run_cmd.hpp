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

/// The plugin to load without --plugin, if it exists: ../plugin/libkrakend_check.so beside the
/// executable in a build tree; installed, the plugin's install path relative to the
/// executable's, then its absolute install path (both set by CMake, host-stub/CMakeLists.txt).
std::optional<std::string> default_plugin();

/// The name the tool was run as (argv[0]'s last component: host-stub in the build tree,
/// krakend-check installed), for its messages; "host-stub" until set_program_name().
const char* program_name() noexcept;
void set_program_name(const char* argv0);

/// Usage text of the whole tool, under program_name().
const std::string& usage();

}  // namespace kcheck::stub
