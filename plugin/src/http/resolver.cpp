#include "http/resolver.hpp"

#include <ares.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace kcheck::http {

using asio::ip::tcp;

namespace {

// ares_library_init is not thread-safe and must run once per process: a function-local
// static is initialised exactly once even when instances resolve on several threads.
// ares_library_cleanup is never called: another instance may be resolving at that moment.
int library_status() {
  static const int status = ares_library_init(ARES_LIB_INIT_ALL);
  return status;
}

// What the c-ares callback leaves for the loop. Declared before the channel it is passed
// to, so ares_destroy's final callbacks (ARES_EDESTRUCTION) still find it alive.
struct Lookup {
  bool done = false;
  int status = ARES_SUCCESS;
  std::vector<tcp::endpoint> endpoints;
  std::uint16_t port = 0;
};

void on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto& lookup = *static_cast<Lookup*>(arg);
  lookup.done = true;
  lookup.status = status;
  if (result == nullptr) return;
  for (const ares_addrinfo_node* n = result->nodes; n != nullptr; n = n->ai_next) {
    if (n->ai_family == AF_INET) {
      const auto* sa = reinterpret_cast<const sockaddr_in*>(n->ai_addr);
      asio::ip::address_v4::bytes_type b;
      std::copy_n(reinterpret_cast<const unsigned char*>(&sa->sin_addr), b.size(), b.begin());
      lookup.endpoints.emplace_back(asio::ip::address_v4(b), lookup.port);
    } else if (n->ai_family == AF_INET6) {
      const auto* sa = reinterpret_cast<const sockaddr_in6*>(n->ai_addr);
      asio::ip::address_v6::bytes_type b;
      std::copy_n(reinterpret_cast<const unsigned char*>(&sa->sin6_addr), b.size(), b.begin());
      lookup.endpoints.emplace_back(asio::ip::address_v6(b, sa->sin6_scope_id), lookup.port);
    }
  }
  ares_freeaddrinfo(result);
}

class Channel {
 public:
  Channel() = default;
  ~Channel() {
    if (ch_ != nullptr) ares_destroy(ch_);
  }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ares_channel* out() noexcept { return &ch_; }
  ares_channel get() const noexcept { return ch_; }

 private:
  ares_channel ch_ = nullptr;
};

// One of c-ares' sockets watched through Asio. The descriptor stays c-ares': released, never
// closed, however the round ends (an exception included).
class Watch {
 public:
  Watch(asio::io_context& ctx, ares_socket_t fd, ErrorCode& ec) : d_(ctx) { d_.assign(fd, ec); }
  ~Watch() {
    if (d_.is_open()) (void)d_.release();
  }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;
  asio::posix::stream_descriptor& get() noexcept { return d_; }

 private:
  asio::posix::stream_descriptor d_;
};

// One wait of the loop: c-ares' sockets watched through Asio, plus its next timeout.
struct Round {
  OpState any;  // a socket became ready or the timer fired
  OpState all;  // every handler ran: the descriptors may be released
  int pending = 0;
  std::vector<ares_socket_t> readable;
  std::vector<ares_socket_t> writable;
};

void finished_one(Round& r) {
  if (--r.pending == 0) r.all.done = true;
}

// Watches c-ares' sockets until one is ready, its timeout passes, the deadline passes or
// the token is cancelled; then feeds what happened to c-ares.
WaitResult run_round(IoLoop& loop, ares_channel ch, const Limit& limit, const CancelToken& token) {
  asio::io_context& ctx = loop.context();
  auto round = std::make_shared<Round>();
  std::vector<std::unique_ptr<Watch>> watches;
  ares_socket_t socks[ARES_GETSOCK_MAXNUM];
  const int bits = ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    const bool read = ARES_GETSOCK_READABLE(bits, i) != 0;
    const bool write = ARES_GETSOCK_WRITABLE(bits, i) != 0;
    if (!read && !write) continue;
    const ares_socket_t fd = socks[i];
    ErrorCode ec;
    auto& w = watches.emplace_back(std::make_unique<Watch>(ctx, fd, ec));
    // A socket the reactor cannot watch (out of memory) is left to c-ares' timeout below.
    if (ec) continue;
    const auto watch = [&](asio::posix::descriptor_base::wait_type type,
                           std::vector<ares_socket_t> Round::*ready) {
      ++round->pending;
      w->get().async_wait(type, [round, fd, ready](const ErrorCode& wait_ec) {
        if (!wait_ec) {
          ((*round).*ready).push_back(fd);
          round->any.done = true;
        }
        finished_one(*round);
      });
    };
    if (read) watch(asio::posix::descriptor_base::wait_read, &Round::readable);
    if (write) watch(asio::posix::descriptor_base::wait_write, &Round::writable);
  }
  // c-ares' next retry or timeout, never later than the fetch's deadline.
  timeval max_tv{};
  const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
      std::max(limit.at - Clock::now(), Clock::duration::zero()));
  max_tv.tv_sec = static_cast<decltype(max_tv.tv_sec)>(left.count() / 1'000'000);
  max_tv.tv_usec = static_cast<decltype(max_tv.tv_usec)>(left.count() % 1'000'000);
  timeval tv{};
  const timeval* next = ares_timeout(ch, &max_tv, &tv);
  asio::steady_timer timer(
      ctx, std::chrono::seconds(next->tv_sec) + std::chrono::microseconds(next->tv_usec));
  ++round->pending;
  timer.async_wait([round](const ErrorCode& ec) {
    if (!ec) round->any.done = true;
    finished_one(*round);
  });

  const WaitResult w = loop.wait(round->any, limit.at, token);
  // The handlers must have run before the descriptors go back to c-ares (which may close
  // them in ares_process_fd).
  for (auto& watch : watches) {
    ErrorCode ignored;
    watch->get().cancel(ignored);
  }
  timer.cancel();
  loop.drain(round->all);
  watches.clear();
  if (w != WaitResult::kDone) return w;

  for (const ares_socket_t fd : round->readable) ares_process_fd(ch, fd, ARES_SOCKET_BAD);
  for (const ares_socket_t fd : round->writable) ares_process_fd(ch, ARES_SOCKET_BAD, fd);
  // Lets c-ares see its timeouts (retry the next server, or fail the query).
  if (round->readable.empty() && round->writable.empty()) {
    ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  }
  return WaitResult::kDone;
}

Status cannot_resolve(const Url& url, std::string_view reason) {
  return unavailable("cannot resolve \"" + url.host + "\": " + std::string(reason));
}

Status lookup_timed_out(const Url& url, const Limit& limit) {
  std::string m =
      "DNS lookup of \"" + url.host + "\" timed out after " + format_duration(limit.length);
  if (limit.option != "timeout") m += " (" + std::string(limit.option) + ")";
  return deadline_exceeded(std::move(m));
}

Status open_channel(Channel& channel, const Url& url, const std::string& dns_servers) {
  if (const int rc = library_status(); rc != ARES_SUCCESS) {
    return cannot_resolve(url, ares_strerror(rc));
  }
  ares_options opts{};
  int mask = ARES_OPT_LOOKUPS;
  // Files first (localhost, /etc/hosts), then DNS: what nsswitch's usual "files dns" does.
  char lookups[] = "fb";
  opts.lookups = lookups;
  if (!dns_servers.empty()) {
    opts.ndomains = 0;
    opts.domains = nullptr;
    mask |= ARES_OPT_DOMAINS;
  }
  if (const int rc = ares_init_options(channel.out(), &opts, mask); rc != ARES_SUCCESS) {
    return cannot_resolve(url, ares_strerror(rc));
  }
  if (!dns_servers.empty()) {
    if (const int rc = ares_set_servers_ports_csv(channel.get(), dns_servers.c_str());
        rc != ARES_SUCCESS) {
      return cannot_resolve(url, ares_strerror(rc));
    }
  }
  return Status();
}

}  // namespace

Result<std::vector<tcp::endpoint>> resolve_endpoints(IoLoop& loop, const Url& url,
                                                     const std::string& dns_servers,
                                                     const Limit& limit, const CancelToken& token) {
  ErrorCode addr_ec;
  const asio::ip::address addr = asio::ip::make_address(url.host, addr_ec);
  if (!addr_ec) return std::vector<tcp::endpoint>{tcp::endpoint(addr, url.port)};

  Lookup lookup;
  lookup.port = url.port;
  Channel channel;
  if (Status st = open_channel(channel, url, dns_servers); !st.ok()) return st;
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  ares_getaddrinfo(channel.get(), url.host.c_str(), nullptr, &hints, on_addrinfo, &lookup);
  while (!lookup.done) {
    const WaitResult w = run_round(loop, channel.get(), limit, token);
    if (w == WaitResult::kCancelled) return cancelled_status(url);
    if (w == WaitResult::kTimedOut) return lookup_timed_out(url, limit);
  }
  if (lookup.status != ARES_SUCCESS) return cannot_resolve(url, ares_strerror(lookup.status));
  if (lookup.endpoints.empty()) return cannot_resolve(url, "no IPv4 or IPv6 address");
  return std::move(lookup.endpoints);
}

}  // namespace kcheck::http
