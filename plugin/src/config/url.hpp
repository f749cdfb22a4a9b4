// The openmetrics_endpoint URL: http:// or https://, a host, an optional port, a target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::config {

/// The parts of an endpoint URL, as the scraper needs them.
struct EndpointUrl {
  bool tls = false;        ///< https
  std::string host;        ///< name, IPv4, or IPv6 without brackets
  std::uint16_t port = 0;  ///< explicit port, else 80 / 443
  std::string target;      ///< path and query, "/" when empty; never the fragment
};

/// Parses an endpoint URL. Errors (kInvalidArgument) say what is wrong, without a key path:
/// `expected an http:// or https:// URL, got "ftp://x"`.
Result<EndpointUrl> parse_endpoint_url(std::string_view url);

/// Checks a `proxy.http` / `proxy.https` URL: http:// with a host and an optional port and
/// user:password@ (only http proxies are supported). Errors, without a key path, show the URL
/// with its userinfo masked: `expected an http:// proxy URL, got "socks5://***@h:1080"`.
Status check_proxy_url(std::string_view url);

}  // namespace kcheck::config
