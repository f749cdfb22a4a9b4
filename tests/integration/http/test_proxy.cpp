#include "test_proxy.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <optional>
#include <tuple>

namespace kcheck::test {

namespace {

constexpr int kSliceMs = 20;

// A blocking connection to "host:port" ("[::1]:port" too), or -1.
int connect_to(std::string_view authority) {
  const std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) return -1;
  std::string host(authority.substr(0, colon));
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  const std::string port(authority.substr(colon + 1));
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

// Copies bytes both ways until either side closes or the server stops. What the client
// sends is logged when `log` is given (tunnels).
void relay(Conn& client, int upstream, const std::string& first, TunnelLog* log) {
  if (log != nullptr) log->append(first);
  if (!send_all(upstream, first)) return;
  char buf[16 * 1024];
  while (!client.stopping()) {
    pollfd fds[2] = {{client.fd(), POLLIN, 0}, {upstream, POLLIN, 0}};
    if (::poll(fds, 2, kSliceMs) <= 0) continue;
    if (fds[0].revents != 0) {
      const ssize_t got = ::recv(client.fd(), buf, sizeof buf, 0);
      if (got <= 0) return;
      const std::string_view bytes(buf, static_cast<std::size_t>(got));
      if (log != nullptr) log->append(bytes);
      if (!send_all(upstream, bytes)) return;
    }
    if (fds[1].revents != 0) {
      const ssize_t got = ::recv(upstream, buf, sizeof buf, 0);
      if (got <= 0 || !client.send(std::string_view(buf, static_cast<std::size_t>(got)))) return;
    }
  }
}

// "GET http://h:p/x HTTP/1.1" + headers -> the origin's authority and the request it gets:
// origin-form target, no Proxy-Authorization (that header is for the proxy alone). nullopt
// when the request line is not an absolute-form request.
std::optional<std::pair<std::string, std::string>> origin_request(const std::string& head) {
  const std::size_t sp1 = head.find(' ');
  const std::size_t sp2 = head.find(' ', sp1 + 1);
  const std::size_t eol = head.find("\r\n");
  if (sp1 == std::string::npos || sp2 == std::string::npos || sp2 > eol) return std::nullopt;
  const std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::size_t scheme = target.find("://");
  if (scheme == std::string::npos) return std::nullopt;
  const std::size_t slash = target.find('/', scheme + 3);
  const std::string authority = target.substr(scheme + 3, slash - (scheme + 3));
  const std::string path = slash == std::string::npos ? "/" : target.substr(slash);
  std::string out = head.substr(0, sp1) + " " + path + head.substr(sp2, eol - sp2);
  std::size_t line = eol;
  while (line + 2 < head.size()) {
    const std::size_t next = head.find("\r\n", line + 2);
    const std::string field = head.substr(line, next - line);
    std::string name = field.substr(2, field.find(':') - 2);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name != "proxy-authorization") out += field;
    line = next;
  }
  return std::make_pair(authority, out + "\r\n\r\n");
}

void serve(Conn& c, TunnelLog& log, ProxyBehaviour behaviour) {
  const auto head = c.read_request();
  if (!head) return;
  if (behaviour == ProxyBehaviour::kStall) return c.hang();
  if (behaviour == ProxyBehaviour::kRefuse) {
    c.send(http_response(407, "Proxy Authentication Required", "",
                         {{"Proxy-Authenticate", "Basic realm=\"test\""}}));
    return;
  }
  const bool tunnel = head->rfind("CONNECT ", 0) == 0;
  std::string authority;
  std::string first;
  if (tunnel) {
    authority = head->substr(8, head->find(' ', 8) - 8);
  } else if (auto forwarded = origin_request(*head)) {
    std::tie(authority, first) = std::move(*forwarded);
  } else {
    c.send(http_response(400, "Bad Request", ""));
    return;
  }
  const int upstream = connect_to(authority);
  if (upstream < 0) {
    c.send(http_response(502, "Bad Gateway", ""));
    return;
  }
  if (tunnel && !c.send("HTTP/1.1 200 Connection established\r\n\r\n")) {
    ::close(upstream);
    return;
  }
  relay(c, upstream, first + c.take_unread(), tunnel ? &log : nullptr);
  ::close(upstream);
}

}  // namespace

void TunnelLog::append(std::string_view bytes) {
  const std::lock_guard<std::mutex> lock(mu_);
  bytes_ += bytes;
}

std::string TunnelLog::bytes() const {
  const std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

TestProxy::TestProxy(ProxyBehaviour behaviour)
    : log_(std::make_shared<TunnelLog>()),
      server_([log = log_, behaviour](Conn& c) { serve(c, *log, behaviour); }) {}

std::string TestProxy::url(std::string_view userinfo) const {
  const std::string prefix = userinfo.empty() ? "" : std::string(userinfo) + "@";
  return "http://" + prefix + "127.0.0.1:" + std::to_string(server_.port());
}

}  // namespace kcheck::test
