// Private to the http layer: host name resolution with c-ares on the fetch's own event loop.
// No thread is started (getaddrinfo would need one to be abandoned on cancel), the deadline
// and the cancel token apply exactly as to connect and read, and nothing outlives the call.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string>
#include <vector>

#include "http/budget.hpp"
#include "http/connection.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

/// The addresses to connect to for `url`, in the order to try them: the literal itself for
/// an IPv4/IPv6 host (no lookup), else /etc/hosts then DNS, AAAA and A. `dns_servers` ("" =
/// /etc/resolv.conf) is c-ares' "host:port,..." list, with no search domains: a test hook.
/// Errors: kUnavailable `cannot resolve "<host>": <reason>`, kDeadlineExceeded
/// `DNS lookup of "<host>" timed out after <d>`, kCancelled.
Result<std::vector<asio::ip::tcp::endpoint>> resolve_endpoints(IoLoop& loop, const Url& url,
                                                               const std::string& dns_servers,
                                                               const Limit& limit,
                                                               const CancelToken& token);

}  // namespace kcheck::http
