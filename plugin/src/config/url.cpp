#include "config/url.hpp"

#include <charconv>

#include "common/userinfo.hpp"
#include "config/key_path.hpp"

namespace kcheck::config {
namespace {

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

// RFC 3986 reg-name characters (unreserved, pct-encoded, sub-delims) used by host names.
bool is_host_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '%';
}

bool is_ipv6_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

}  // namespace

Result<EndpointUrl> parse_endpoint_url(std::string_view url) {
  const auto bad = [&](std::string_view what) {
    return invalid_argument(std::string(what) + ", got " + quoted(without_userinfo(url)));
  };
  EndpointUrl out;
  std::string_view rest;
  if (starts_with_ci(url, "https://")) {
    out.tls = true;
    rest = url.substr(8);
  } else if (starts_with_ci(url, "http://")) {
    rest = url.substr(7);
  } else {
    return bad("expected an http:// or https:// URL");
  }
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return bad("expected a URL without spaces or non-ASCII characters");
  }
  const std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return bad("expected a URL without user:password@ (use the username and password options)");
  }
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("expected a closing ] after an IPv6 address");
    const std::string_view v6 = authority.substr(1, close - 1);
    if (v6.empty()) return bad("expected an http:// or https:// URL with a host");
    for (const char c : v6) {
      if (!is_ipv6_char(c)) return bad("expected an IPv6 address between [ ]");
    }
    out.host = std::string(v6);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("expected :port after ]");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    const std::string_view host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
    }
    if (host.empty()) return bad("expected an http:// or https:// URL with a host");
    for (const char c : host) {
      if (!is_host_char(c)) return bad("expected a host name or IP address in the URL");
    }
    out.host = std::string(host);
  }
  out.port = out.tls ? 443 : 80;
  if (has_port) {
    unsigned value = 0;
    const auto res = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    const bool digits_only = !port_text.empty() && res.ptr == port_text.data() + port_text.size();
    if (!digits_only || res.ec != std::errc() || value < 1 || value > 65535) {
      return bad("expected a port between 1 and 65535 in the URL");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  const std::size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  out.target =
      target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  return out;
}

Status check_proxy_url(std::string_view url) {
  if (!starts_with_ci(url, "http://")) {
    return invalid_argument(
        "expected an http:// proxy URL (socks and https:// proxies are not supported), got " +
        quoted(without_userinfo(url)));
  }
  // The credentials are the proxy's (Proxy-Authorization); the rest is checked as an endpoint.
  std::string_view rest = url.substr(7);
  const std::size_t at = rest.substr(0, rest.find_first_of("/?#")).rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  auto parsed = parse_endpoint_url("http://" + std::string(rest));
  if (!parsed.ok()) return parsed.status();
  return {};
}

}  // namespace kcheck::config
