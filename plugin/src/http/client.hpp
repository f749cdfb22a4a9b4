// The scraper: one HTTP(S) GET of the metrics endpoint under one deadline.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "kcheck/cancel.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

/// A successful (2xx) response, body already decompressed.
struct Response {
  int status = 0;
  std::string content_type;  ///< the Content-Type header as sent; picks the parser format
  std::string body;
  /// Body bytes as received (the compressed size under gzip, without chunk framing): what
  /// Datadog reports as krakend.api.telemetry.payload.size (its Content-Length).
  std::size_t wire_bytes = 0;
  /// Warnings for the host's log (e.g. tls_verify: false without tls_ignore_warning).
  std::vector<std::string> warnings;
};

/// The scraper takes the core's token (kcheck/cancel.hpp) under its historical name.
using CancelToken = kcheck::CancelToken;

/// A client bound to one instance's HttpOptions; keeps the connection alive between
/// runs when the server allows it. Not thread-safe: one fetch() at a time; cancel
/// state lives in the CancelToken.
class Client {
 public:
  explicit Client(config::HttpOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// GETs the endpoint. Host names are resolved on the calling thread (c-ares): no thread
  /// outlives the call. Errors: kUnavailable (DNS, refused, TLS, HTTP >= 400, with the
  /// status in the message), kDeadlineExceeded, kCancelled (token cancelled; returns
  /// within 100 ms), kResourceExhausted (body or decompressed body over the limit),
  /// kInvalidArgument (unreadable auth_token or TLS files), kDataLoss (truncated body,
  /// invalid chunked encoding, corrupt gzip). Never throws.
  Result<Response> fetch(const CancelToken& cancel);

  /// True when the last failed fetch() reached the server and failed on its answer (an
  /// HTTP error status, a redirect not followed or looping), false for a failure to reach
  /// it (DNS, refused, TLS, timeout, connection lost). ignore_connection_errors only
  /// forgives the second kind.
  bool last_failure_was_answer() const noexcept;

  /// Closes the kept-alive connection and the event loop (its epoll, eventfd and timerfd):
  /// afterwards the client holds no file descriptor until the next fetch(). For hosts that
  /// run an instance every few seconds and must hold nothing in between.
  void close() noexcept;

  /// Test hook: resolve host names with these DNS servers only (c-ares' "host:port,..."
  /// form, e.g. "127.0.0.1:5353") and no search domains, instead of /etc/resolv.conf.
  /// /etc/hosts is still read first.
  void use_dns_servers(std::string servers);

  /// Test hook: read HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case) through `env` (name ->
  /// value, nullopt when unset) instead of the process environment.
  void use_environment(std::function<std::optional<std::string>(const std::string&)> env);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kcheck::http
