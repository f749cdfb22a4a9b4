#include "dns_test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace kcheck::test {

namespace {

constexpr int kSliceMs = 20;
constexpr std::size_t kHeaderSize = 12;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint8_t kRcodeNxdomain = 3;

std::uint16_t read16(const unsigned char* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

void put16(std::vector<unsigned char>& out, std::uint16_t v) {
  out.push_back(static_cast<unsigned char>(v >> 8));
  out.push_back(static_cast<unsigned char>(v & 0xff));
}

// The end of the first question (after QTYPE and QCLASS), or 0 when the query is malformed.
std::size_t question_end(const unsigned char* q, std::size_t n) {
  std::size_t pos = kHeaderSize;
  while (pos < n && q[pos] != 0) pos += 1u + q[pos];
  pos += 1 + 4;
  return pos <= n ? pos : 0;
}

}  // namespace

DnsServer::DnsServer(Mode mode, std::string address, std::chrono::milliseconds delay)
    : mode_(mode), address_(std::move(address)), delay_(delay) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (mode_ != Mode::kSilent) thread_ = std::thread([this] { run(); });
}

DnsServer::~DnsServer() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
}

std::string DnsServer::servers() const {
  return "127.0.0.1:" + std::to_string(port_);
}

void DnsServer::run() {
  unsigned char query[512];
  while (!stop_.load()) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, kSliceMs) <= 0) continue;
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    const ssize_t got =
        ::recvfrom(fd_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (got < static_cast<ssize_t>(kHeaderSize)) continue;
    const std::size_t end = question_end(query, static_cast<std::size_t>(got));
    if (end == 0) continue;
    const auto until = std::chrono::steady_clock::now() + delay_;
    while (!stop_.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const bool nxdomain = mode_ == Mode::kNxdomain;
    const bool answer = !nxdomain && read16(query + end - 4) == kTypeA;
    std::vector<unsigned char> out(query, query + 2);  // the query's id
    put16(out, static_cast<std::uint16_t>(0x8180 | (nxdomain ? kRcodeNxdomain : 0)));
    put16(out, 1);               // one question
    put16(out, answer ? 1 : 0);  // answers
    put16(out, 0);
    put16(out, 0);
    out.insert(out.end(), query + kHeaderSize, query + end);
    if (answer) {
      put16(out, 0xc00c);  // the name: a pointer to the question's
      put16(out, kTypeA);
      put16(out, 1);  // class IN
      put16(out, 0);
      put16(out, 60);  // TTL
      put16(out, 4);
      in_addr a{};
      ::inet_pton(AF_INET, address_.c_str(), &a);
      const auto* b = reinterpret_cast<const unsigned char*>(&a);
      out.insert(out.end(), b, b + 4);
    }
    ::sendto(fd_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);
    answered_.fetch_add(1);
  }
}

}  // namespace kcheck::test
