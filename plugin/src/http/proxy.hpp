// Which proxy, if any, carries a request: Datadog's `proxy` / `skip_proxy` options and the
// HTTP_PROXY / HTTPS_PROXY / NO_PROXY environment, as Datadog's wrapper over Python requests
// combines them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

/// One http:// proxy.
struct Proxy {
  Url url;                    ///< where to connect (no userinfo)
  std::string authorization;  ///< "Basic ..." from the URL's userinfo, "" without one
  std::string name;           ///< for messages: "http://***@127.0.0.1:3128" when it has userinfo
};

/// Reads one environment variable; nullopt when unset. The default reads the process
/// environment; tests pass their own (setenv in a threaded test process is a data race).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (getenv).
EnvLookup process_environment();

/// Parses a proxy URL: http:// (or no scheme, read as http:// like requests and curl do),
/// host, optional port (default 80), optional user:password@ (percent-decoded).
/// kInvalidArgument names `source` (the option or variable) and masks the userinfo.
Result<Proxy> parse_proxy(std::string_view text, std::string_view source);

/// The proxy for `target`, or nullopt for a direct connection:
/// * skip_proxy: none, the environment's included;
/// * `proxy` (instance, else init_config): none when `no_proxy` names the target, else the
///   URL for the target's scheme ("" = none);
/// * a scheme `proxy` does not set falls back to the environment, as requests' trust_env
///   does: `<scheme>_proxy` then `<SCHEME>_PROXY` (the lower case variable wins when set,
///   even empty), bypassed when `no_proxy` / `NO_PROXY` names the target.
/// kInvalidArgument for a proxy URL that is not http:// (from the environment: the option's
/// URLs were checked when the configuration was loaded).
Result<std::optional<Proxy>> select_proxy(const config::HttpOptions& options, const Url& target,
                                          const EnvLookup& env);

/// How a no_proxy entry with a leading "." (or "*.") matches.
enum class LeadingDot {
  kSubdomainsOnly,  ///< Datadog's `proxy.no_proxy`: ".example.com" is not example.com itself
  kDomainToo,       ///< NO_PROXY, as urllib and curl: the dot is ignored
};

/// True when one of `entries` names the target: "*", an IP address or CIDR block (IPv4 or
/// IPv6, "[::1]" brackets allowed), or a host name that matches the target's host or a
/// domain it is in ("example.com" matches example.com and api.example.com). An entry with
/// ":port" matches that port only. Comparison ignores case.
bool no_proxy_matches(const std::vector<std::string>& entries, const Url& target,
                      LeadingDot leading_dot);

/// Splits NO_PROXY's "a, b,c" into entries.
std::vector<std::string> split_no_proxy(std::string_view value);

/// The key under which a connection is kept alive: the origin, and the proxy it goes through.
std::string route_key(const Url& target, const Proxy* proxy);

}  // namespace kcheck::http
