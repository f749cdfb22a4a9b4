#include "http/url.hpp"

#include <charconv>
#include <vector>

#include "common/userinfo.hpp"

namespace kcheck::http {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_host_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_ipv6_char(char c) {
  return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f') || c == ':' || c == '.' || c == '%' ||
         is_alpha(c);  // zone ids ("%eth0") are names
}

// Spaces and control characters must be percent-encoded: a raw one would corrupt the
// request line.
bool is_target_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

Status bad_url(std::string_view text, std::string_view why) {
  return invalid_argument("invalid URL \"" + without_userinfo(text) + "\": " + std::string(why));
}

// RFC 3986 section 5.2.4, on a path that starts with '/'.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::string_view rest = path.substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (seg == ".") {
      if (last) out.emplace_back();
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      if (last) out.emplace_back();
    } else {
      out.push_back(seg);
    }
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  return result.empty() ? "/" : result;
}

bool has_scheme(std::string_view ref) {
  if (ref.empty() || !is_alpha(ref[0])) return false;
  for (char c : ref) {
    if (c == ':') return true;
    if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

}  // namespace

std::string Url::authority() const {
  std::string a = ipv6_literal ? "[" + host + "]" : host;
  return a + ":" + std::to_string(port);
}

std::string Url::host_header() const {
  std::string h = ipv6_literal ? "[" + host + "]" : host;
  if (!port_text.empty()) h += ":" + port_text;
  return h;
}

std::string Url::text() const {
  return scheme + "://" + host_header() + target;
}

std::string Url::origin() const {
  return scheme + "://" + to_lower(ipv6_literal ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

Result<Url> parse_url(std::string_view text) {
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) return bad_url(text, "expected http:// or https://");
  Url url;
  url.scheme = to_lower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return bad_url(text, "unsupported scheme \"" + url.scheme + "\" (use http or https)");
  }
  std::string_view rest = text.substr(sep + 3);
  const std::size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);

  if (authority.find('@') != std::string_view::npos) {
    return bad_url(text, "credentials in the URL are not supported (use username and password)");
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(text, "unterminated IPv6 address");
    url.host = std::string(authority.substr(1, close - 1));
    url.ipv6_literal = true;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad_url(text, "unexpected text after the IPv6 address");
      port = after.substr(1);
    }
    if (url.host.find(':') == std::string::npos) return bad_url(text, "invalid IPv6 address");
    for (char c : url.host) {
      if (!is_ipv6_char(c)) return bad_url(text, "invalid IPv6 address");
    }
  } else {
    const std::size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    for (char c : url.host) {
      if (!is_host_char(c)) return bad_url(text, "invalid character in the host name");
    }
  }
  if (url.host.empty()) return bad_url(text, "missing host");

  url.port = url.tls() ? 443 : 80;
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return bad_url(text, "invalid port \"" + std::string(port) + "\"");
    }
    url.port = static_cast<std::uint16_t>(value);
    url.port_text = std::string(port);
  }

  rest = rest.substr(0, rest.find('#'));
  for (char c : rest) {
    if (!is_target_char(c)) return bad_url(text, "spaces and control characters must be %-encoded");
  }
  if (rest.empty() || rest.front() == '?') url.target = "/";
  url.target += rest;
  return url;
}

Result<Url> resolve_reference(const Url& base, std::string_view reference) {
  std::string_view ref = reference.substr(0, reference.find('#'));
  if (has_scheme(ref)) return parse_url(ref);
  if (ref.substr(0, 2) == "//") return parse_url(base.scheme + ":" + std::string(ref));

  const std::string_view base_target = base.target;
  const std::string_view base_path = base_target.substr(0, base_target.find('?'));
  std::string target;
  if (ref.empty()) {
    target = base.target;
  } else if (ref.front() == '?') {
    target = std::string(base_path) + std::string(ref);
  } else {
    const std::size_t q = ref.find('?');
    const std::string_view ref_path = ref.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? "" : ref.substr(q);
    std::string merged;
    if (ref_path.empty()) {
      merged = base_path;
    } else if (ref_path.front() == '/') {
      merged = ref_path;
    } else {
      merged = std::string(base_path.substr(0, base_path.rfind('/') + 1)) + std::string(ref_path);
    }
    target = remove_dot_segments(merged) + std::string(query);
  }
  return parse_url(base.scheme + "://" + base.host_header() + target);
}

}  // namespace kcheck::http
