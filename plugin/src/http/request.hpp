// The GET request text: default headers, `headers` / `extra_headers`, and credentials.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

/// Accept header sent by default (Prometheus text 0.0.4).
inline constexpr std::string_view kAcceptText = "text/plain;version=0.0.4";
/// Accept header with use_latest_spec: OpenMetrics first, Prometheus text as a fallback.
inline constexpr std::string_view kAcceptOpenMetrics =
    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// The request headers in sending order. Defaults (User-Agent, Accept, Accept-Encoding) are
/// replaced by `headers` when given; `extra_headers` then add or override by name
/// (case-insensitive); basic auth and the bearer token (read from its file now) come last.
/// With use_latest_spec the OpenMetrics Accept is added to `headers` that have no Accept (a
/// configured Accept wins). No Accept ever asks for protobuf: KrakenD would answer it.
/// When `same_origin` is false (a redirect to another origin) only Host and the defaults
/// are sent: no `headers`, no `extra_headers`, no credentials.
/// kInvalidArgument for an unusable or empty auth_token file or a header with CR/LF (named
/// by its name only: values may be secrets).
Result<HeaderList> build_headers(const config::HttpOptions& options, const Url& url,
                                 bool same_origin);

/// "GET <target> HTTP/1.1\r\n<headers>\r\n"; with `absolute_form` (to an http proxy) the
/// target is the whole URL: "GET http://host:port/metrics HTTP/1.1".
std::string serialize_request(const Url& url, const HeaderList& headers,
                              bool absolute_form = false);

/// Standard base64 with padding (for Basic credentials).
std::string base64_encode(std::string_view data);

/// Reads the bearer token file (every run: tokens rotate; a regular file of at most 64 KiB),
/// trimmed of surrounding space.
Result<std::string> read_token_file(const std::string& path);

}  // namespace kcheck::http
