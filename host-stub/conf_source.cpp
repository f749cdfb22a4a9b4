#include "conf_source.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "demo_payload.hpp"

namespace kcheck::stub {

std::optional<ConfSource> load_conf_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto split = config::split_conf_yaml(text.str());
  if (!split.ok()) {
    error = path + ": " + split.status().message();
    return std::nullopt;
  }
  if (split->instances.empty()) {
    error = path + ": no instances to run";
    return std::nullopt;
  }
  return ConfSource{std::move(split).value(), path};
}

std::unique_ptr<LoopbackServer> start_demo_endpoint(std::string& error) {
  LoopbackServer::Options options;
  options.body = std::string(demo_payload());
  return LoopbackServer::start(std::move(options), error);
}

ConfSource demo_conf(const LoopbackServer& server) {
  ConfSource source;
  source.file.init_config = "{}";
  source.file.instances.push_back(R"({"openmetrics_endpoint": ")" + server.url() + R"("})");
  source.description = "the bundled KrakenD sample at " + server.url();
  return source;
}

}  // namespace kcheck::stub
