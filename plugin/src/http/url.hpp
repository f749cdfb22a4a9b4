// http:// and https:// URLs: parsing the endpoint and resolving redirect Locations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::http {

/// A parsed absolute http(s) URL. The fragment is dropped; the target keeps the query.
struct Url {
  std::string scheme;      ///< "http" or "https", lowercase
  std::string host;        ///< without brackets: "127.0.0.1", "::1", "example.com"
  std::string port_text;   ///< as written, "" when the URL has no port
  std::uint16_t port = 0;  ///< effective port (80 / 443 by default)
  std::string target;      ///< path + query, never empty ("/")
  bool ipv6_literal = false;

  bool tls() const noexcept { return scheme == "https"; }
  /// "127.0.0.1:9090", "[::1]:9090": the effective endpoint for messages.
  std::string authority() const;
  /// The Host header value: the host as written, the port only when written.
  std::string host_header() const;
  /// The URL as text (scheme://host[:port]/target), for messages.
  std::string text() const;
  /// Scheme + lowercase host + effective port: connections are reused within an origin.
  std::string origin() const;
};

/// Parses an absolute http:// or https:// URL. kInvalidArgument names what is wrong.
Result<Url> parse_url(std::string_view text);

/// Resolves a Location header against the URL that answered it (RFC 3986 section 5.2):
/// absolute URLs, scheme-relative "//host/p", absolute paths "/p", relative paths "p", "?q".
Result<Url> resolve_reference(const Url& base, std::string_view reference);

}  // namespace kcheck::http
