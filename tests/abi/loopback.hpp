// Loopback endpoints for the runtime tests, and waiting helpers bounded by a deadline.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "demo_payload.hpp"
#include "loopback_server.hpp"

namespace kcheck::abitest {

/// A server serving the bundled KrakenD sample (host-stub/demo/krakend_demo.txt).
inline std::unique_ptr<stub::LoopbackServer> serve_demo() {
  stub::LoopbackServer::Options options;
  options.body = std::string(stub::demo_payload());
  std::string error;
  auto server = stub::LoopbackServer::start(std::move(options), error);
  if (!server) throw std::runtime_error(error);
  return server;
}

/// A server that accepts connections, reads the request and never answers.
inline std::unique_ptr<stub::LoopbackServer> serve_nothing() {
  stub::LoopbackServer::Options options;
  options.mode = stub::LoopbackServer::Mode::kHang;
  std::string error;
  auto server = stub::LoopbackServer::start(std::move(options), error);
  if (!server) throw std::runtime_error(error);
  return server;
}

/// Polls `done` until it holds or `limit` passes (a bound on the test's own waiting).
template <typename Pred>
bool wait_until(Pred done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace kcheck::abitest
