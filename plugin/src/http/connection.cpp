#include "http/connection.hpp"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <vector>

#include "http/resolver.hpp"
#include "http/tls_context.hpp"
#include "http/tunnel.hpp"

namespace kcheck::http {

namespace ssl = asio::ssl;
using asio::ip::tcp;

namespace {

// How often the cancel token is looked at: cancel() is honoured within about this long.
constexpr auto kSlice = std::chrono::milliseconds(20);
// Bound on draining an aborted operation; it completes at once in practice.
constexpr auto kDrainBound = std::chrono::seconds(2);
// Beast reads max(512, free capacity) bytes per read_some, capped at 64 KiB: without room
// reserved up front a body arrives in ~512-byte reads (20 000 recv + epoll_wait calls for
// a 10 MB scrape). 64 KiB is Beast's cap, so more would be unused.
constexpr std::size_t kReadBufferBytes = 64 * 1024;

bool is_ssl_error(const ErrorCode& ec) {
  return ec.category() == asio::error::get_ssl_category() ||
         ec.category() == ssl::error::get_stream_category();
}

}  // namespace

WaitResult IoLoop::wait(const OpState& op, Clock::time_point deadline, const CancelToken& token) {
  if (ctx_.stopped()) ctx_.restart();
  while (!op.done) {
    if (token.cancelled()) return WaitResult::kCancelled;
    const auto now = Clock::now();
    if (now >= deadline) return WaitResult::kTimedOut;
    ctx_.run_one_for(std::min<Clock::duration>(kSlice, deadline - now));
    // Out of work stops the context; the next wait must be able to run it again.
    if (ctx_.stopped()) ctx_.restart();
  }
  return WaitResult::kDone;
}

bool IoLoop::drain(const OpState& op) {
  if (ctx_.stopped()) ctx_.restart();
  const auto until = Clock::now() + kDrainBound;
  while (!op.done && Clock::now() < until) {
    ctx_.run_one_for(kSlice);
    if (ctx_.stopped()) ctx_.restart();
  }
  return op.done;
}

Connection::Connection(asio::io_context& ctx, std::string route, std::shared_ptr<ssl::context> tls)
    : route_(std::move(route)), tls_ctx_(std::move(tls)) {
  buffer_.reserve(kReadBufferBytes);
  // What the parser has not consumed yet never needs more than one read: a header field,
  // a chunk-size line, or the last chunk with its trailer (Beast parses a trailer only once
  // it is complete, so without this cap an endless trailer would grow the buffer until the
  // deadline). A read that would pass it fails with buffer_overflow.
  buffer_.max_size(kReadBufferBytes);
  if (tls_ctx_) {
    tls_.emplace(ctx, *tls_ctx_);
  } else {
    plain_.emplace(ctx);
  }
}

Connection::~Connection() {
  close();
}

tcp::socket& Connection::socket() noexcept {
  return tls_ ? tls_->next_layer() : *plain_;
}

void Connection::close() noexcept {
  ErrorCode ignored;
  socket().close(ignored);
}

bool Connection::looks_stale() noexcept {
  if (!socket().is_open()) return true;
  pollfd pfd{socket().native_handle(), POLLIN, 0};
  return ::poll(&pfd, 1, 0) != 0;
}

Status cancelled_status(const Url& url) {
  return cancelled("request to " + url.text() + " cancelled");
}

Status wait_failure(WaitResult w, const Url& url, const Limit& limit, std::string_view activity) {
  if (w == WaitResult::kCancelled) return cancelled_status(url);
  return deadline_exceeded(timeout_message(limit, activity));
}

bool is_connection_lost(const ErrorCode& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == ssl::error::stream_truncated || ec == boost::beast::http::error::end_of_stream;
}

Status io_error(const Url& url, std::string_view activity, const ErrorCode& ec) {
  if (is_ssl_error(ec)) {
    std::string m = "TLS error from " + url.authority() + " while " + std::string(activity) + ": " +
                    ec.message();
    if (m.find("certificate required") != std::string::npos) {
      m += " (the server wants a client certificate: set tls_cert and tls_private_key)";
    }
    return unavailable(std::move(m));
  }
  return unavailable("connection error while " + std::string(activity) + ": " + ec.message());
}

Result<std::unique_ptr<Connection>> open_connection(IoLoop& loop, const Url& url,
                                                    const Proxy* proxy,
                                                    std::shared_ptr<ssl::context> tls,
                                                    bool tls_verify, const std::string& dns_servers,
                                                    const Limit& limit, const CancelToken& token) {
  asio::io_context& ctx = loop.context();
  // The socket's peer: the proxy (named with its userinfo masked) or the origin.
  const Url& peer = proxy != nullptr ? proxy->url : url;
  const std::string peer_name = proxy != nullptr ? "proxy " + proxy->name : url.authority();
  auto endpoints = resolve_endpoints(loop, peer, dns_servers, limit, token);
  if (!endpoints.ok()) {
    // A name that does not resolve is the proxy's, not the endpoint's: say so.
    if (proxy == nullptr || endpoints.status().code() != StatusCode::kUnavailable) {
      return endpoints.status();
    }
    return unavailable("proxy " + proxy->name + ": " + endpoints.status().message());
  }

  auto conn = std::make_unique<Connection>(ctx, route_key(url, proxy), tls);
  {
    auto st = std::make_shared<OpState>();
    asio::async_connect(conn->socket(), endpoints.value(), completion(st));
    const WaitResult w = loop.wait(*st, limit.at, token);
    if (w != WaitResult::kDone) {
      conn->close();
      loop.drain(*st);
      return wait_failure(w, url, limit, "connecting to " + peer_name);
    }
    if (st->ec == asio::error::connection_refused) {
      return unavailable("connection refused to " + peer_name);
    }
    if (st->ec) {
      return unavailable("could not connect to " + peer_name + ": " + st->ec.message());
    }
  }
  if (proxy != nullptr && conn->tls() != nullptr) {
    if (Status s = open_tunnel(loop, *conn, url, *proxy, limit, token); !s.ok()) return s;
  }

  if (auto* stream = conn->tls()) {
    if (Status s = prepare_tls_session(stream->native_handle(), url, tls_verify); !s.ok()) {
      return s;
    }
    auto st = std::make_shared<OpState>();
    stream->async_handshake(ssl::stream_base::client, completion(st));
    const WaitResult w = loop.wait(*st, limit.at, token);
    if (w != WaitResult::kDone) {
      conn->close();
      loop.drain(*st);
      return wait_failure(w, url, limit, "in the TLS handshake with " + url.authority());
    }
    if (st->ec) {
      return unavailable(
          describe_tls_failure(stream->native_handle(), url, tls_verify, st->ec.message()));
    }
  }
  return conn;
}

Status send_request(IoLoop& loop, Connection& conn, const Url& url, std::string_view request,
                    const Limit& limit, const CancelToken& token, bool& connection_lost) {
  auto st = std::make_shared<OpState>();
  conn.visit([&](auto& stream) {
    asio::async_write(stream, asio::buffer(request.data(), request.size()), completion(st));
  });
  const std::string activity = "sending the request to " + url.text();
  const WaitResult w = loop.wait(*st, limit.at, token);
  if (w != WaitResult::kDone) {
    conn.close();
    loop.drain(*st);
    return wait_failure(w, url, limit, activity);
  }
  if (st->ec) {
    connection_lost = is_connection_lost(st->ec);
    return io_error(url, activity, st->ec);
  }
  return Status();
}

}  // namespace kcheck::http
