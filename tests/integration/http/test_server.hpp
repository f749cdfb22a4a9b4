// A scripted HTTP(S) server on loopback for the http integration tests and the scrape
// benchmark. One background thread accepts on an ephemeral port and runs the handler for one
// connection at a time. Every blocking call polls in 20 ms slices and gives up when the
// server stops: on destruction, or at the latest after kMaxLifetime.
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace kcheck::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

class TestServer;

/// One accepted connection as a handler sees it.
class Conn {
 public:
  Conn(int fd, SSL* ssl, TestServer& server, int index);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  /// Reads one request head (through the blank line); nullopt when the peer closed, the
  /// server stops, or the head exceeds 64 KiB.
  std::optional<std::string> read_request();
  /// Sends every byte; false when the peer is gone or the server stops.
  bool send(std::string_view bytes);
  /// Waits `d` unless the server stops first (false then).
  bool pause(std::chrono::milliseconds d);
  /// Waits until the server stops: a peer that never answers.
  void hang();
  /// Aborts the connection with a TCP reset.
  void reset();
  /// 0 for the first connection the server accepted, 1 for the second, ...
  int index() const noexcept { return index_; }
  /// The plain socket, for handlers that relay bytes themselves (test_proxy.cpp).
  int fd() const noexcept { return fd_; }
  /// Bytes read past the last request head, handed over (the buffer is left empty).
  std::string take_unread() { return std::exchange(pending_, {}); }
  /// True once the server is stopping: relays give up.
  bool stopping() const noexcept;

 private:
  friend class TestServer;
  bool wait_io(short events);
  long read_some(char* buf, std::size_t n);
  void close_gracefully();

  int fd_;
  SSL* ssl_;
  TestServer& server_;
  int index_;
  std::string pending_;  // bytes read past the last request head
};

/// Server settings: IPv6 (::1) instead of 127.0.0.1; TLS when `tls` is set.
struct ServerOptions {
  bool ipv6 = false;
  std::shared_ptr<SSL_CTX> tls;
};

/// The server. Construction binds and starts the thread; destruction stops and joins it.
class TestServer {
 public:
  using Handler = std::function<void(Conn&)>;
  static constexpr std::chrono::seconds kMaxLifetime{60};

  explicit TestServer(Handler handler, ServerOptions options = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  /// False when the socket could not be bound (e.g. no ::1 on this machine).
  bool listening() const noexcept { return listen_fd_ >= 0; }
  std::uint16_t port() const noexcept { return port_; }
  /// "http://127.0.0.1:<port><path>" (https, [::1] as configured).
  std::string url(std::string_view path = "/metrics") const;
  /// Connections accepted so far.
  int connections() const noexcept { return connections_.load(); }
  /// Every request head read so far, in order.
  std::vector<std::string> requests() const;
  /// SNI names sent by TLS clients ("" when none), in connection order.
  std::vector<std::string> sni_names() const;
  /// TLS handshakes the server side saw fail.
  int failed_handshakes() const noexcept { return failed_handshakes_.load(); }

 private:
  void run();
  void record_request(const std::string& head);

  Handler handler_;
  ServerOptions options_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> failed_handshakes_{0};
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
  std::vector<std::string> sni_;
  std::thread thread_;
  friend class Conn;
};

/// "HTTP/1.1 <status> <reason>" + headers + Content-Length + body.
std::string http_response(int status, std::string_view reason, std::string_view body,
                          const Headers& headers = {});
/// A chunked 200 response with one chunk per element.
std::string chunked_response(const std::vector<std::string>& chunks, const Headers& headers = {});
/// gzip-compresses `data` (level 6).
std::string gzip(std::string_view data);
/// The value of header `name` (case-insensitive) in a request head, or "".
std::string header_value(std::string_view head, std::string_view name);

/// A loopback port nothing listens on (bound, then released).
std::uint16_t unused_port();

/// A server TLS context with `cert`/`key`; with `client_ca` it requires a client
/// certificate signed by it. Null (and `error` set) on failure.
std::shared_ptr<SSL_CTX> make_server_tls(const std::string& cert, const std::string& key,
                                         const std::string& client_ca, std::string& error);

}  // namespace kcheck::test
