// host-stub: loads a kcheck plugin and prints what it submits (`run`), or debugs an
// exposition (`parse`) or a KrakenD log (`logs`). With no arguments it runs the demo when it
// finds the plugin (the build tree's, or the installed one). Installed as /usr/bin/krakend-check.
#include <cstdio>
#include <string_view>

#include "logs_cmd.hpp"
#include "parse_cmd.hpp"
#include "run_cmd.hpp"

int main(int argc, char** argv) {
  using namespace kcheck::stub;
  set_program_name(argc > 0 ? argv[0] : nullptr);
  if (argc < 2) {
    if (const auto plugin = default_plugin()) {
      RunOptions options;
      options.plugin_path = *plugin;
      return run_command(options);
    }
    std::fputs(usage().c_str(), stderr);
    return 2;
  }
  const std::string_view command = argv[1];
  if (command == "run") return run_main(argc - 1, argv + 1);
  if (command == "parse") return run_parse(argc - 1, argv + 1);
  if (command == "logs") return run_logs(argc - 1, argv + 1);
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  std::fprintf(stderr, "%s: unknown command '%.*s'\n\n%s", program_name(),
               static_cast<int>(command.size()), command.data(), usage().c_str());
  return 2;
}
