#include "http/proxy.hpp"

#include <cstdlib>
#include <utility>

#include "common/userinfo.hpp"
#include "http/request.hpp"

namespace kcheck::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// requests unquotes the user and password of a proxy URL: "p%40ss" is the password "p@ss".
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

struct EnvValue {
  std::string name;  // the variable that was read, for messages
  std::string value;
};

// urllib's getproxies_environment, which requests uses: the lower case variable wins when
// it is set, even to "" (which then means "none").
std::optional<EnvValue> env_value(const EnvLookup& env, const std::string& lower) {
  if (auto v = env(lower)) return EnvValue{lower, std::move(*v)};
  const std::string upper = to_upper(lower);
  if (auto v = env(upper)) return EnvValue{upper, std::move(*v)};
  return std::nullopt;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<Proxy> parse_proxy(std::string_view text, std::string_view source) {
  const std::string full = text.find("://") == std::string_view::npos
                               ? "http://" + std::string(text)
                               : std::string(text);
  const std::size_t sep = full.find("://");
  std::string scheme = full.substr(0, sep);
  for (char& c : scheme) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (scheme != "http") {
    return invalid_argument(std::string(source) +
                            ": expected an http:// proxy URL (socks and https:// proxies are not "
                            "supported), got \"" +
                            without_userinfo(full) + "\"");
  }
  std::string_view rest = std::string_view(full).substr(sep + 3);
  const std::size_t at = rest.substr(0, rest.find_first_of("/?#")).rfind('@');
  std::string_view userinfo;
  if (at != std::string_view::npos) {
    userinfo = rest.substr(0, at);
    rest.remove_prefix(at + 1);
  }
  auto url = parse_url("http://" + std::string(rest));
  if (!url.ok()) {
    return invalid_argument(std::string(source) + ": " + url.status().message());
  }
  Proxy proxy;
  proxy.url = std::move(url).value();
  proxy.name = "http://" + std::string(userinfo.empty() ? "" : "***@") + proxy.url.host_header();
  if (!userinfo.empty()) proxy.authorization = "Basic " + base64_encode(percent_decode(userinfo));
  return proxy;
}

Result<std::optional<Proxy>> select_proxy(const config::HttpOptions& options, const Url& target,
                                          const EnvLookup& env) {
  if (options.skip_proxy) return std::optional<Proxy>();
  const std::string scheme = target.tls() ? "https" : "http";
  std::optional<EnvValue> chosen;
  if (options.proxy) {
    // Datadog bypasses every proxy, the environment's too, for hosts its no_proxy names.
    if (no_proxy_matches(options.proxy->no_proxy, target, LeadingDot::kSubdomainsOnly)) {
      return std::optional<Proxy>();
    }
    const auto& url = target.tls() ? options.proxy->https : options.proxy->http;
    if (url) chosen = EnvValue{"proxy." + scheme, *url};
  }
  if (!chosen) {
    if (auto no_proxy = env_value(env, "no_proxy")) {
      if (no_proxy_matches(split_no_proxy(no_proxy->value), target, LeadingDot::kDomainToo)) {
        return std::optional<Proxy>();
      }
    }
    chosen = env_value(env, scheme + "_proxy");
  }
  if (!chosen || chosen->value.empty()) return std::optional<Proxy>();
  auto proxy = parse_proxy(chosen->value, chosen->name);
  if (!proxy.ok()) return proxy.status();
  return std::optional<Proxy>(std::move(proxy).value());
}

std::string route_key(const Url& target, const Proxy* proxy) {
  if (proxy == nullptr) return target.origin();
  // The credentials are part of the route: another user must not ride on this tunnel.
  return target.origin() + " via " + proxy->url.origin() + " " + proxy->authorization;
}

}  // namespace kcheck::http
