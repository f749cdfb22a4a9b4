#include "test_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <csignal>
#include <cstring>

namespace kcheck::test {

namespace {

constexpr int kSliceMs = 20;
constexpr std::size_t kMaxHead = 64 * 1024;

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

// ---- Conn ---------------------------------------------------------------------------------

Conn::Conn(int fd, SSL* ssl, TestServer& server, int index)
    : fd_(fd), ssl_(ssl), server_(server), index_(index) {}

Conn::~Conn() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) ::close(fd_);
}

bool Conn::wait_io(short events) {
  while (!server_.stop_.load()) {
    pollfd pfd{fd_, events, 0};
    const int rc = ::poll(&pfd, 1, kSliceMs);
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return false;
  }
  return false;
}

long Conn::read_some(char* buf, std::size_t n) {
  while (true) {
    if (ssl_ == nullptr) {
      const ssize_t got = ::recv(fd_, buf, n, 0);
      if (got >= 0) return static_cast<long>(got);
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        if (!wait_io(POLLIN)) return -1;
        continue;
      }
      return -1;
    }
    const int got = SSL_read(ssl_, buf, static_cast<int>(n));
    if (got > 0) return got;
    const int err = SSL_get_error(ssl_, got);
    if (err == SSL_ERROR_ZERO_RETURN) return 0;
    if (err == SSL_ERROR_WANT_READ) {
      if (!wait_io(POLLIN)) return -1;
      continue;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
      if (!wait_io(POLLOUT)) return -1;
      continue;
    }
    ERR_clear_error();
    return err == SSL_ERROR_SYSCALL ? 0 : -1;
  }
}

std::optional<std::string> Conn::read_request() {
  std::string& buf = pending_;
  while (true) {
    const std::size_t end = buf.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string head = buf.substr(0, end + 4);
      buf.erase(0, end + 4);
      server_.record_request(head);
      return head;
    }
    if (buf.size() > kMaxHead) return std::nullopt;
    char chunk[4096];
    const long got = read_some(chunk, sizeof chunk);
    if (got <= 0) return std::nullopt;
    buf.append(chunk, static_cast<std::size_t>(got));
  }
}

bool Conn::send(std::string_view bytes) {
  while (!bytes.empty()) {
    if (server_.stop_.load()) return false;
    if (ssl_ == nullptr) {
      const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent >= 0) {
        bytes.remove_prefix(static_cast<std::size_t>(sent));
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        if (!wait_io(POLLOUT)) return false;
        continue;
      }
      return false;
    }
    const int sent = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    const int err = SSL_get_error(ssl_, sent);
    if (err == SSL_ERROR_WANT_WRITE) {
      if (!wait_io(POLLOUT)) return false;
    } else if (err == SSL_ERROR_WANT_READ) {
      if (!wait_io(POLLIN)) return false;
    } else {
      ERR_clear_error();
      return false;
    }
  }
  return true;
}

bool Conn::pause(std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until) {
    if (server_.stop_.load()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return !server_.stop_.load();
}

bool Conn::stopping() const noexcept {
  return server_.stop_.load();
}

void Conn::hang() {
  while (!server_.stop_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void Conn::reset() {
  linger lg{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  ::close(fd_);
  fd_ = -1;
}

void Conn::close_gracefully() {
  if (fd_ < 0) return;
  if (ssl_ != nullptr) {
    (void)SSL_shutdown(ssl_);
    ERR_clear_error();
  }
  // Half-close, then read what the client still sends: closing with unread bytes would
  // send a reset that can destroy the response before the client reads it.
  ::shutdown(fd_, SHUT_WR);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  char sink[4096];
  while (std::chrono::steady_clock::now() < until && !server_.stop_.load()) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, kSliceMs) <= 0) continue;
    if (::recv(fd_, sink, sizeof sink, 0) <= 0) break;
  }
}

// ---- TestServer ---------------------------------------------------------------------------

TestServer::TestServer(Handler handler, ServerOptions options)
    : handler_(std::move(handler)), options_(std::move(options)) {
  // OpenSSL writes through write(2): a client that hangs up must not kill the test.
  std::signal(SIGPIPE, SIG_IGN);
  const int family = options_.ipv6 ? AF_INET6 : AF_INET;
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (options_.ipv6) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    a6->sin6_family = AF_INET6;
    a6->sin6_addr = in6addr_loopback;
    len = sizeof(sockaddr_in6);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
    a4->sin_family = AF_INET;
    a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof(sockaddr_in);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return;
  }
  port_ = ntohs(options_.ipv6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                              : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  set_nonblocking(fd);
  listen_fd_ = fd;
  thread_ = std::thread([this] { run(); });
}

TestServer::~TestServer() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string TestServer::url(std::string_view path) const {
  std::string u = options_.tls ? "https://" : "http://";
  u += options_.ipv6 ? "[::1]" : "127.0.0.1";
  u += ":" + std::to_string(port_);
  u += path;
  return u;
}

std::vector<std::string> TestServer::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<std::string> TestServer::sni_names() const {
  std::lock_guard lock(mu_);
  return sni_;
}

void TestServer::record_request(const std::string& head) {
  std::lock_guard lock(mu_);
  requests_.push_back(head);
}

void TestServer::run() {
  const auto hard_stop = std::chrono::steady_clock::now() + kMaxLifetime;
  while (!stop_.load()) {
    if (std::chrono::steady_clock::now() > hard_stop) {
      stop_.store(true);
      break;
    }
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, kSliceMs) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;
    const int index = connections_.fetch_add(1);
    SSL* ssl = nullptr;
    if (options_.tls) {
      ssl = SSL_new(options_.tls.get());
      SSL_set_fd(ssl, fd);
    }
    Conn conn(fd, ssl, *this, index);
    if (ssl != nullptr) {
      bool ok = false;
      while (!stop_.load()) {
        const int rc = SSL_accept(ssl);
        if (rc == 1) {
          ok = true;
          break;
        }
        const int err = SSL_get_error(ssl, rc);
        if (err == SSL_ERROR_WANT_READ) {
          if (!conn.wait_io(POLLIN)) break;
        } else if (err == SSL_ERROR_WANT_WRITE) {
          if (!conn.wait_io(POLLOUT)) break;
        } else {
          break;
        }
      }
      ERR_clear_error();
      {
        std::lock_guard lock(mu_);
        const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
        sni_.emplace_back(name != nullptr ? name : "");
      }
      if (!ok) {
        failed_handshakes_.fetch_add(1);
        conn.close_gracefully();
        continue;
      }
    }
    handler_(conn);
    conn.close_gracefully();
  }
}

// ---- helpers ------------------------------------------------------------------------------

std::string http_response(int status, std::string_view reason, std::string_view body,
                          const Headers& headers) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  for (const auto& [n, v] : headers) r += n + ": " + v + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r += body;
  return r;
}

std::string chunked_response(const std::vector<std::string>& chunks, const Headers& headers) {
  std::string r = "HTTP/1.1 200 OK\r\n";
  for (const auto& [n, v] : headers) r += n + ": " + v + "\r\n";
  r += "Transfer-Encoding: chunked\r\n\r\n";
  char size[32];
  for (const auto& c : chunks) {
    std::snprintf(size, sizeof size, "%zx\r\n", c.size());
    r += size;
    r += c;
    r += "\r\n";
  }
  r += "0\r\n\r\n";
  return r;
}

std::string gzip(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string header_value(std::string_view head, std::string_view name) {
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon == name.size()) {
      bool same = true;
      for (std::size_t i = 0; i < colon; ++i) same = same && lower(line[i]) == lower(name[i]);
      if (same) {
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        return std::string(v);
      }
    }
    pos = end;
  }
  return "";
}

std::uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::shared_ptr<SSL_CTX> make_server_tls(const std::string& cert, const std::string& key,
                                         const std::string& client_ca, std::string& error) {
  std::shared_ptr<SSL_CTX> ctx(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  if (!ctx) {
    error = "SSL_CTX_new failed";
    return nullptr;
  }
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
    error = "cannot load " + cert + " / " + key;
    return nullptr;
  }
  if (!client_ca.empty()) {
    if (SSL_CTX_load_verify_locations(ctx.get(), client_ca.c_str(), nullptr) != 1) {
      error = "cannot load " + client_ca;
      return nullptr;
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return ctx;
}

}  // namespace kcheck::test
