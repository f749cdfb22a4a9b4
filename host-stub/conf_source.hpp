// Where `host-stub run` gets its instances: a Datadog-style conf.yaml, or the demo endpoint.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "loopback_server.hpp"

namespace kcheck::stub {

struct ConfSource {
  config::ConfFile file;    ///< init_config + one text per instance
  std::string description;  ///< for the text header
};

/// Reads and splits a conf.yaml (kcheck::config::split_conf_yaml); nullopt with `error`.
std::optional<ConfSource> load_conf_file(const std::string& path, std::string& error);

/// Starts the loopback endpoint serving the bundled KrakenD sample.
std::unique_ptr<LoopbackServer> start_demo_endpoint(std::string& error);

/// One instance pointed at `server`.
ConfSource demo_conf(const LoopbackServer& server);

}  // namespace kcheck::stub
