// A small HTTP/1.1 server on 127.0.0.1 for the agent tests: fixed routes, optional delay,
// one thread per connection (joined by quiesce() and the destructor), Connection: close.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace kcheck::test {

/// What one path answers.
struct Route {
  int status = 200;
  std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
  std::string body;
  std::chrono::milliseconds delay{0};  ///< before answering (the request is counted first)
};

class LoopbackServer {
 public:
  LoopbackServer();  ///< binds 127.0.0.1 on a free port and starts accepting
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  void set_route(const std::string& path, Route route);
  std::uint16_t port() const noexcept { return port_; }
  std::string url(std::string_view path) const;

  /// Requests received for `path` so far.
  int requests(const std::string& path) const;
  /// Waits (bounded) until `path` has received at least `count` requests.
  bool wait_for_requests(const std::string& path, int count, std::chrono::milliseconds bound);
  /// Joins every connection thread; call when no request is in flight.
  void quiesce();

 private:
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, Route> routes_;
  std::map<std::string, int> counts_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

/// A loopback port with nothing listening on it (bound, then closed).
std::uint16_t closed_loopback_port();

}  // namespace kcheck::test
