#include "run_cmd.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "conf_source.hpp"
#include "interrupt.hpp"
#include "loopback_server.hpp"
#include "plugin_handle.hpp"
#include "recorder.hpp"

namespace kcheck::stub {

namespace {

const char* const kUsage =
    "usage: host-stub run [--plugin PATH] [--conf conf.yaml] [--times N] [--interval SECONDS]\n"
    "                     [--format text|json|quiet]\n"
    "       host-stub parse [--openmetrics] FILE|-\n"
    "       host-stub logs [--timezone TZ] FILE|-\n"
    "       host-stub            (demo: run the build tree's or the installed plugin)\n"
    "\n"
    "run    loads a kcheck plugin (dlopen), runs every instance of a Datadog-style conf.yaml\n"
    "       N times and prints what was submitted. Without --conf it serves a bundled KrakenD\n"
    "       sample on 127.0.0.1 and checks that. Ctrl-C cancels the run in progress.\n"
    "       Exit status: 0 all runs ok, 1 a run failed, 2 usage or load error, 130 interrupted.\n"
    "parse  parses FILE (or stdin for '-') as Prometheus text 0.0.4, or as OpenMetrics 1.0 with\n"
    "       --openmetrics, and prints each sample as one JSON line:\n"
    "         {\"family\":..,\"type\":..,\"name\":..,\"labels\":{..},\"value\":..,\n"
    "          \"timestamp\":..}\n"
    "       labels in input order; value a number or \"NaN\", \"+Inf\", \"-Inf\"; timestamp in\n"
    "       seconds, null when absent. A sample with an OpenMetrics exemplar also gets\n"
    "         \"exemplar\":{\"labels\":{..},\"value\":..,\"timestamp\":..}\n"
    "       Exit status: 0 valid, 1 parse error (the samples before it are printed, then\n"
    "       'FILE: line L col C: ...' on stderr, FILE being <stdin> for '-'), 2 usage error,\n"
    "       unreadable file or failed write to stdout.\n"
    "logs   reads FILE (or stdin for '-') as KrakenD logs (every format KrakenD CE writes,\n"
    "       docker/journald/syslog prefixes removed) and prints each record as one JSON line\n"
    "       with Datadog's attribute names (docs/logs.md). --timezone names the zone of\n"
    "       KrakenD's local timestamps: UTC (default), +02:00 or an IANA name.\n"
    "       Exit status: 0 done, 2 usage error, unknown time zone, unreadable file or failed\n"
    "       write to stdout.\n";

std::string g_program_name = "host-stub";

}  // namespace

const char* program_name() noexcept {
  return g_program_name.c_str();
}

void set_program_name(const char* argv0) {
  if (argv0 == nullptr) return;
  std::string_view name = argv0;
  if (const std::size_t slash = name.rfind('/'); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  if (!name.empty()) g_program_name.assign(name);
}

const std::string& usage() {
  // kUsage names the tool host-stub; the same text under the name it was run as, with the
  // columns after the name (the run line's continuation, the demo line's note) kept aligned.
  static const std::string text = [] {
    const std::string_view from = "host-stub";
    const auto shift = static_cast<std::ptrdiff_t>(g_program_name.size()) -
                       static_cast<std::ptrdiff_t>(from.size());
    std::string out;
    std::string_view rest = kUsage;
    while (!rest.empty()) {
      const std::size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol == std::string_view::npos ? rest.size() : eol + 1);
      rest.remove_prefix(line.size());
      const std::size_t lead = line.find_first_not_of(' ');
      if (line.rfind("usage: ", 0) != 0 && lead != std::string_view::npos && lead > 16 &&
          line[lead] == '[') {  // the run line's continuation
        out.append(static_cast<std::size_t>(
                       std::max<std::ptrdiff_t>(1, static_cast<std::ptrdiff_t>(lead) + shift)),
                   ' ');
        out.append(line.substr(lead));
        continue;
      }
      if (const std::size_t at = line.find(from); at != std::string_view::npos) {
        out.append(line.substr(0, at)).append(g_program_name);
        line.remove_prefix(at + from.size());
        const std::size_t blanks = std::min(line.find_first_not_of(' '), line.size());
        if (blanks > 1) {  // a note in a column after the name
          out.append(static_cast<std::size_t>(
                         std::max<std::ptrdiff_t>(1, static_cast<std::ptrdiff_t>(blanks) - shift)),
                     ' ');
          line.remove_prefix(blanks);
        }
      }
      out.append(line);
    }
    return out;
  }();
  return text;
}

namespace {

bool parse_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool parse_double(std::string_view s, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  return static_cast<double>(us.count()) / 1000.0;
}

std::unique_ptr<Reporter> make_reporter(OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson:
      return make_json_reporter(stdout, stderr, false);
    case OutputFormat::kQuiet:
      return make_json_reporter(stdout, stderr, true);
    case OutputFormat::kText:
      break;
  }
  return make_text_reporter(stdout);
}

/// An instance slot: the handle when create+configure succeeded, else why not.
struct Slot {
  Recorder recorder;
  std::unique_ptr<InstanceHandle> handle;
  kcheck_status setup_status = KCHECK_STATUS_OK;
  std::string setup_status_name;
  std::string setup_error;
};

}  // namespace

std::optional<RunOptions> parse_run_options(int argc, char** argv, std::string& error,
                                            const std::optional<std::string>& default_plugin) {
  RunOptions o;
  bool have_plugin = false;
  const auto usage_error = [&error](std::string message) -> std::optional<RunOptions> {
    error = std::move(message);
    return std::nullopt;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string_view(argv[++i]);
    };
    std::optional<std::string_view> v;
    if (arg == "--plugin") {
      if (!(v = value())) return usage_error("--plugin needs a path");
      o.plugin_path = std::string(*v);
      have_plugin = true;
    } else if (arg == "--conf") {
      if (!(v = value())) return usage_error("--conf needs a path");
      o.conf_path = std::string(*v);
    } else if (arg == "--times") {
      if (!(v = value()) || !parse_int(*v, o.times) || o.times < 1) {
        return usage_error("--times needs an integer >= 1");
      }
    } else if (arg == "--interval") {
      if (!(v = value()) || !parse_double(*v, o.interval_seconds) || o.interval_seconds < 0) {
        return usage_error("--interval needs a number of seconds >= 0");
      }
    } else if (arg == "--format") {
      v = value();
      if (v == "text") {
        o.format = OutputFormat::kText;
      } else if (v == "json") {
        o.format = OutputFormat::kJson;
      } else if (v == "quiet") {
        o.format = OutputFormat::kQuiet;
      } else {
        return usage_error("--format needs text, json or quiet");
      }
    } else {
      return usage_error("unknown argument '" + std::string(arg) + "'");
    }
  }
  if (!have_plugin) {
    if (!default_plugin) return usage_error("--plugin PATH is required");
    o.plugin_path = *default_plugin;
  }
  return o;
}

int run_command(const RunOptions& options) {
  // First, before any other thread exists: every later thread inherits the blocked signals.
  InterruptWatcher watcher;

  std::string error;
  std::unique_ptr<LoopbackServer> demo;
  std::optional<ConfSource> conf;
  if (options.conf_path) {
    conf = load_conf_file(*options.conf_path, error);
  } else {
    demo = start_demo_endpoint(error);
    if (demo) conf = demo_conf(*demo);
  }
  if (!conf) {
    std::fprintf(stderr, "%s: %s\n", program_name(), error.c_str());
    return 2;
  }
  const auto plugin = PluginHandle::open(options.plugin_path, error);
  if (!plugin) {
    std::fprintf(stderr, "%s: %s\n", program_name(), error.c_str());
    return 2;
  }
  const auto reporter = make_reporter(options.format);
  const int count = static_cast<int>(conf->file.instances.size());
  reporter->begin(SessionInfo{options.plugin_path, std::string(plugin->name()),
                              std::string(plugin->version()), plugin->api().abi_major,
                              plugin->api().abi_minor, conf->description, count, options.times});

  // Recorders are host_ctx pointers: their addresses must not move (vector sized once).
  std::vector<Slot> slots(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    Slot& s = slots[static_cast<std::size_t>(i)];
    s.recorder = Recorder{reporter.get(), i, 0, false, options.format == OutputFormat::kQuiet};
    s.handle = InstanceHandle::create(*plugin, recorder_callbacks(), &s.recorder, s.setup_error);
    if (!s.handle) {
      s.setup_status = KCHECK_STATUS_INTERNAL;
    } else {
      s.setup_status =
          s.handle->configure(conf->file.init_config,
                              conf->file.instances[static_cast<std::size_t>(i)], i, s.setup_error);
      if (s.setup_status != KCHECK_STATUS_OK) s.handle.reset();
    }
    s.setup_status_name = plugin->status_name(s.setup_status);
  }

  bool all_ok = true;
  const auto interval = std::chrono::milliseconds(std::llround(options.interval_seconds * 1000.0));
  for (int run = 1; run <= options.times && !watcher.interrupted(); ++run) {
    for (int i = 0; i < count && !watcher.interrupted(); ++i) {
      Slot& s = slots[static_cast<std::size_t>(i)];
      RunEnd end;
      end.instance = i;
      end.run = run;
      if (!s.handle) {
        // Not configured: every planned run reports why, so each appears in the output.
        end.status = s.setup_status;
        end.status_name = s.setup_status_name;
        end.error = s.setup_error;
      } else {
        s.recorder.submissions = 0;
        s.recorder.lost = false;
        watcher.set_target(s.handle.get());
        const auto start = std::chrono::steady_clock::now();
        end.status = s.handle->run(end.error);
        end.duration_ms = milliseconds_since(start);
        watcher.set_target(nullptr);
        end.status_name = plugin->status_name(end.status);
        end.submissions = s.recorder.submissions;
        if (s.recorder.lost) {
          std::fprintf(stderr, "%s: instance %d run %d: out of memory, submissions lost\n",
                       program_name(), i, run);
          all_ok = false;
        }
      }
      all_ok = all_ok && end.status == KCHECK_STATUS_OK;
      reporter->run_end(end);
    }
    if (run < options.times && interval.count() > 0 && !watcher.sleep_for(interval)) break;
  }
  reporter->finish();
  slots.clear();  // destroy the instances before the plugin is unloaded
  if (watcher.interrupted()) return 130;
  return all_ok ? 0 : 1;
}

int run_main(int argc, char** argv) {
  std::string error;
  const auto options = parse_run_options(argc, argv, error, default_plugin());
  if (!options) {
    std::fprintf(stderr, "%s run: %s\n\n%s", program_name(), error.c_str(), usage().c_str());
    return 2;
  }
  return run_command(*options);
}

std::optional<std::string> default_plugin() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  const auto dir = exe.parent_path();
  // In the build tree, the plugin beside host-stub; installed, the plugin of the same install
  // (relative: any --prefix), then the one at the configured install path. An absolute
  // candidate replaces `dir` when joined.
  for (const char* candidate : {"../plugin/libkrakend_check.so", KCHECK_INSTALLED_PLUGIN_RELATIVE,
                                KCHECK_INSTALLED_PLUGIN}) {
    const auto path = (dir / candidate).lexically_normal();
    if (std::filesystem::is_regular_file(path, ec)) return path.string();
  }
  return std::nullopt;
}

}  // namespace kcheck::stub
