// no_proxy / NO_PROXY entries against a request's host (part of proxy.hpp). Close to
// Datadog's should_bypass_proxy for the option and to requests' should_bypass_proxies for
// the environment, without requests' raw string suffix match ("ample.com" does not match
// example.com here): a domain matches on a label boundary only.
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <charconv>

#include "http/proxy.hpp"

namespace kcheck::http {

namespace {

namespace ip = boost::asio::ip;

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One entry: a host part and, when written, the only port it applies to.
struct Entry {
  std::string_view host;
  std::string_view port;  // "" = every port
};

// "name:port", "1.2.3.4:port", "[::1]:port"; an IPv6 address without brackets has no port.
Entry split_port(std::string_view entry) {
  if (!entry.empty() && entry.front() == '[') {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return {entry, {}};
    const std::string_view after = entry.substr(close + 1);
    return {entry.substr(1, close - 1),
            after.empty() || after.front() != ':' ? "" : after.substr(1)};
  }
  const std::size_t colon = entry.find(':');
  if (colon == std::string_view::npos || entry.find(':', colon + 1) != std::string_view::npos) {
    return {entry, {}};
  }
  return {entry.substr(0, colon), entry.substr(colon + 1)};
}

bool port_matches(std::string_view port, const Url& target) {
  if (port.empty()) return true;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return ec == std::errc() && end == port.data() + port.size() && value == target.port;
}

// nullopt when `entry` is neither an address nor a CIDR block (then it is a host name).
std::optional<bool> address_matches(const std::string& entry, const Url& target) {
  boost::system::error_code ec;
  const std::size_t slash = entry.find('/');
  const ip::address base = ip::make_address(entry.substr(0, slash), ec);
  if (ec) return std::nullopt;
  const unsigned bits = base.is_v4() ? 32 : 128;
  unsigned prefix = bits;
  if (slash != std::string::npos) {
    const char* first = entry.data() + slash + 1;
    const char* last = entry.data() + entry.size();
    const auto [end, perr] = std::from_chars(first, last, prefix);
    if (perr != std::errc() || end != last || first == last || prefix > bits) return false;
  }
  const ip::address addr = ip::make_address(target.host, ec);
  if (ec || addr.is_v4() != base.is_v4()) return false;
  const auto len = static_cast<unsigned short>(prefix);
  if (addr.is_v4()) {
    return ip::make_network_v4(addr.to_v4(), len).canonical() ==
           ip::make_network_v4(base.to_v4(), len).canonical();
  }
  return ip::make_network_v6(addr.to_v6(), len).canonical() ==
         ip::make_network_v6(base.to_v6(), len).canonical();
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool entry_matches(std::string_view raw, const Url& target, LeadingDot leading_dot) {
  const std::string_view entry = trim(raw);
  if (entry.empty()) return false;
  if (entry == "*") return true;
  const Entry e = split_port(entry);
  if (!port_matches(e.port, target)) return false;
  std::string name = to_lower(e.host);
  if (auto by_address = address_matches(name, target)) return *by_address;
  const std::string host = to_lower(target.host);
  if (name.rfind("*.", 0) == 0) name.erase(0, 1);  // "*.example.com" reads as ".example.com"
  if (name.empty()) return false;
  if (name.front() == '.') {
    if (leading_dot == LeadingDot::kDomainToo && host == std::string_view(name).substr(1)) {
      return true;
    }
    return ends_with(host, name);
  }
  return host == name || ends_with(host, "." + name);
}

}  // namespace

bool no_proxy_matches(const std::vector<std::string>& entries, const Url& target,
                      LeadingDot leading_dot) {
  for (const auto& entry : entries) {
    if (entry_matches(entry, target, leading_dot)) return true;
  }
  return false;
}

std::vector<std::string> split_no_proxy(std::string_view value) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view entry = trim(value.substr(0, comma));
    if (!entry.empty()) out.emplace_back(entry);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace kcheck::http
