// Private to the http layer. The io_context driver (one thread: the caller's) and one
// plain or TLS connection with the operations that open it and send a request.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/budget.hpp"
#include "http/client.hpp"
#include "http/proxy.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

namespace asio = boost::asio;
using ErrorCode = boost::system::error_code;

/// Result slot of one asynchronous operation. Shared with its completion handler, so a
/// handler that runs after the caller gave up never writes into a dead frame.
struct OpState {
  bool done = false;
  ErrorCode ec;
};

/// A completion handler for any signature starting with an error_code.
inline auto completion(const std::shared_ptr<OpState>& st) {
  return [st](const ErrorCode& ec, auto&&...) {
    st->ec = ec;
    st->done = true;
  };
}

/// Why IoLoop::wait returned.
enum class WaitResult { kDone, kCancelled, kTimedOut };

/// Runs the io_context on the calling thread in short slices, checking the cancel token and
/// the deadline between slices: no extra thread, and cancel() is seen within one slice.
class IoLoop {
 public:
  asio::io_context& context() noexcept { return ctx_; }
  /// Runs handlers until `op` completes, the token is cancelled or `deadline` passes.
  WaitResult wait(const OpState& op, Clock::time_point deadline, const CancelToken& token);
  /// After the socket was closed the aborted operation completes at once: runs it, so no
  /// pending operation still refers to the caller's buffers. False if it did not (a bug).
  bool drain(const OpState& op);

 private:
  asio::io_context ctx_{1};
};

/// One connection to an origin (directly or through a proxy), plain or TLS, with the read
/// buffer that belongs to it.
class Connection {
 public:
  /// `route` is route_key() of the origin and the proxy: what the connection may be reused for.
  Connection(asio::io_context& ctx, std::string route, std::shared_ptr<asio::ssl::context> tls);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Closes the socket; pending operations complete with operation_aborted.
  void close() noexcept;
  asio::ip::tcp::socket& socket() noexcept;
  /// The TLS stream, or null for plain http.
  asio::ssl::stream<asio::ip::tcp::socket>* tls() noexcept { return tls_ ? &*tls_ : nullptr; }
  /// Calls f with the stream to read and write (the TLS stream or the socket).
  template <class F>
  void visit(F&& f) {
    if (tls_) {
      f(*tls_);
    } else {
      f(*plain_);
    }
  }
  boost::beast::flat_buffer& buffer() noexcept { return buffer_; }
  const std::string& route() const noexcept { return route_; }

  /// True when the idle connection became readable: the server closed it (or sent bytes
  /// nobody asked for). Either way it cannot carry the next request.
  bool looks_stale() noexcept;

  /// A complete response was read on it before: a failure may just mean the server closed
  /// it while idle, which deserves one retry on a fresh connection.
  bool reused = false;

 private:
  std::string route_;
  std::shared_ptr<asio::ssl::context> tls_ctx_;  // outlives tls_
  std::optional<asio::ip::tcp::socket> plain_;
  std::optional<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
  boost::beast::flat_buffer buffer_;
};

/// Resolves (resolver.hpp; `dns_servers` is its test hook), connects and (for https)
/// completes the TLS handshake before `limit`. With a `proxy` it connects to the proxy instead
/// and, for https, tunnels through it (tunnel.hpp) before the handshake with `url`'s host.
Result<std::unique_ptr<Connection>> open_connection(IoLoop& loop, const Url& url,
                                                    const Proxy* proxy,
                                                    std::shared_ptr<asio::ssl::context> tls,
                                                    bool tls_verify, const std::string& dns_servers,
                                                    const Limit& limit, const CancelToken& token);

/// Writes the whole request. `connection_lost` is set when the peer had closed or reset it.
Status send_request(IoLoop& loop, Connection& conn, const Url& url, std::string_view request,
                    const Limit& limit, const CancelToken& token, bool& connection_lost);

/// "request to <url> cancelled".
Status cancelled_status(const Url& url);

/// The error of an aborted wait: kCancelled or kDeadlineExceeded naming `activity`.
Status wait_failure(WaitResult w, const Url& url, const Limit& limit, std::string_view activity);

/// The peer closed or reset the connection (as opposed to a TLS or protocol error).
bool is_connection_lost(const ErrorCode& ec);

/// A person-readable Status for an I/O error while `activity` (TLS errors name the peer).
Status io_error(const Url& url, std::string_view activity, const ErrorCode& ec);

}  // namespace kcheck::http
