#include "loopback_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

namespace kcheck::stub {

namespace {

/// One accepted connection: what was read of the request, what is left to write.
struct Connection {
  int fd = -1;
  std::string request;
  std::string response;
  std::size_t written = 0;
  bool responding = false;
};

/// Requests larger than this are answered 431 instead of buffered without bound.
constexpr std::size_t kMaxRequestBytes = 64 * 1024;

std::string make_response(int code, std::string_view reason, std::string_view content_type,
                          std::string_view body) {
  std::string r = "HTTP/1.1 " + std::to_string(code) + " " + std::string(reason) + "\r\n";
  r += "Content-Type: " + std::string(content_type) + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r += "Connection: close\r\n\r\n";
  r += body;
  return r;
}

/// The path of "GET /path?query HTTP/1.1", or "" when the request line is not a GET.
std::string_view request_path(std::string_view request) {
  if (request.substr(0, 4) != "GET ") return {};
  std::string_view rest = request.substr(4);
  const std::size_t end = rest.find_first_of(" ?\r\n");
  return rest.substr(0, end);
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

std::unique_ptr<LoopbackServer> LoopbackServer::start(Options options, std::string& error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return nullptr;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int pipe_fds[2] = {-1, -1};
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 64) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    error = std::string("loopback listen: ") + std::strerror(errno);
    ::close(fd);
    return nullptr;
  }
  set_nonblocking(fd);
  return std::unique_ptr<LoopbackServer>(
      new LoopbackServer(std::move(options), fd, pipe_fds[0], pipe_fds[1], ntohs(addr.sin_port)));
}

LoopbackServer::LoopbackServer(Options options, int listen_fd, int stop_read, int stop_write,
                               std::uint16_t port)
    : options_(std::move(options)),
      listen_fd_(listen_fd),
      stop_read_(stop_read),
      stop_write_(stop_write),
      port_(port) {
  thread_ = std::thread([this] { loop(); });
}

LoopbackServer::~LoopbackServer() {
  const char byte = 0;
  (void)!::write(stop_write_, &byte, 1);
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
  ::close(stop_read_);
  ::close(stop_write_);
}

std::string LoopbackServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + options_.path;
}

void LoopbackServer::loop() {
  // One thread, non-blocking sockets, poll(): connections are served concurrently (the
  // concurrency tests open 8 at once) and a hanging one costs nothing.
  std::vector<Connection> conns;
  std::vector<pollfd> fds;
  char buf[4096];
  for (;;) {
    fds.clear();
    fds.push_back({stop_read_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const auto& c : conns) {
      fds.push_back({c.fd, static_cast<short>(c.responding ? POLLOUT : POLLIN), 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) break;
    std::vector<bool> closed(conns.size(), false);
    for (std::size_t i = 0; i < conns.size(); ++i) {
      Connection& c = conns[i];
      const short rev = fds[i + 2].revents;
      if (rev == 0) continue;
      if (c.responding) {
        const ssize_t n = ::send(c.fd, c.response.data() + c.written, c.response.size() - c.written,
                                 MSG_NOSIGNAL);
        if (n > 0) c.written += static_cast<std::size_t>(n);
        if (n < 0 && errno != EAGAIN && errno != EINTR) closed[i] = true;
        if (c.written == c.response.size()) {
          ++responses_;
          ::shutdown(c.fd, SHUT_WR);
          closed[i] = true;
        }
        continue;
      }
      const ssize_t n = ::recv(c.fd, buf, sizeof(buf), 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        closed[i] = true;
        continue;
      }
      if (n < 0 || options_.mode == Mode::kHang) continue;
      c.request.append(buf, static_cast<std::size_t>(n));
      if (c.request.size() > kMaxRequestBytes) {
        c.response = make_response(431, "Request Header Fields Too Large", "text/plain", "");
        c.responding = true;
      } else if (c.request.find("\r\n\r\n") != std::string::npos) {
        c.response = request_path(c.request) == options_.path
                         ? make_response(200, "OK", options_.content_type, options_.body)
                         : make_response(404, "Not Found", "text/plain", "not found\n");
        c.responding = true;
      }
    }
    for (std::size_t i = conns.size(); i-- > 0;) {
      if (!closed[i]) continue;
      ::close(conns[i].fd);
      conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (fds[1].revents & POLLIN) {
      for (;;) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        ++connections_;
        conns.push_back(Connection{fd, {}, {}, 0, false});
      }
    }
  }
  for (const auto& c : conns) ::close(c.fd);
}

}  // namespace kcheck::stub
