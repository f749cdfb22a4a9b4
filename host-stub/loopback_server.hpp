// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port, background thread): the host-stub's
// demo endpoint, and the endpoint of the ABI tests (which also need one that never answers).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace kcheck::stub {

class LoopbackServer {
 public:
  enum class Mode {
    kServe,  ///< answer GET <path> with the body (404 for other paths), then close
    kHang,   ///< accept, read and never answer (until the client or the server stops)
  };

  struct Options {
    Mode mode = Mode::kServe;
    std::string path = "/metrics";
    std::string body;
    std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
  };

  /// Binds 127.0.0.1:0 and starts serving; null with `error` set when the socket fails.
  static std::unique_ptr<LoopbackServer> start(Options options, std::string& error);

  /// Stops the thread and closes every connection.
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  /// http://127.0.0.1:<port><path>
  std::string url() const;
  std::size_t connections() const noexcept { return connections_.load(); }
  std::size_t responses() const noexcept { return responses_.load(); }

 private:
  LoopbackServer(Options options, int listen_fd, int stop_read, int stop_write, std::uint16_t port);
  void loop();

  Options options_;
  int listen_fd_;
  int stop_read_;
  int stop_write_;
  std::uint16_t port_;
  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> responses_{0};
  std::thread thread_;
};

}  // namespace kcheck::stub
