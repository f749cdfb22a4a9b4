// A forward HTTP proxy for the http tests, served by a TestServer on loopback: absolute-form
// requests are forwarded to their origin, CONNECT opens a tunnel to it. It records every
// request head it receives (TestServer::requests) and the bytes clients sent through its
// tunnels, to check what a proxy can see.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "test_server.hpp"

namespace kcheck::test {

/// How the proxy answers.
enum class ProxyBehaviour {
  kForward,  ///< forwards absolute-form requests, tunnels CONNECT
  kRefuse,   ///< answers every request 407 Proxy Authentication Required
  kStall,    ///< reads the request, then never answers
};

/// What clients sent inside CONNECT tunnels; written by the server thread.
class TunnelLog {
 public:
  void append(std::string_view bytes);
  std::string bytes() const;

 private:
  mutable std::mutex mu_;
  std::string bytes_;
};

/// The proxy server.
class TestProxy {
 public:
  explicit TestProxy(ProxyBehaviour behaviour = ProxyBehaviour::kForward);

  /// "http://127.0.0.1:<port>", with "<userinfo>@" when given.
  std::string url(std::string_view userinfo = "") const;
  std::uint16_t port() const noexcept { return server_.port(); }
  /// Request heads received (the CONNECT or absolute-form GET), in order.
  std::vector<std::string> requests() const { return server_.requests(); }
  /// Everything clients sent through tunnels (TLS records when the origin is https).
  std::string tunnelled() const { return log_->bytes(); }
  int connections() const noexcept { return server_.connections(); }

 private:
  std::shared_ptr<TunnelLog> log_;
  TestServer server_;
};

}  // namespace kcheck::test
