// Private to the http layer. The CONNECT exchange that turns a connection to an http://
// proxy into a tunnel to an https origin.
#pragma once

#include "http/budget.hpp"
#include "http/connection.hpp"
#include "http/proxy.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

/// Sends "CONNECT host:port" (with Proxy-Authorization when the proxy URL has credentials:
/// they go to the proxy only, never through the tunnel) on `conn`'s socket, which is connected
/// to `proxy`, and reads the proxy's answer before `limit`. Afterwards the socket carries the
/// TLS session with `origin`. kUnavailable when the proxy answers other than 2xx (naming the
/// proxy, masked, and its status) or sends bytes after its answer; kDeadlineExceeded,
/// kCancelled.
Status open_tunnel(IoLoop& loop, Connection& conn, const Url& origin, const Proxy& proxy,
                   const Limit& limit, const CancelToken& token);

}  // namespace kcheck::http
