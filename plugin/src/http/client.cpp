// Orchestration of one fetch: redirects, keep-alive reuse with one retry on a stale
// connection, status handling, and the exception boundary.
#include "http/client.hpp"

#include <set>
#include <vector>

#include "http/body_decoder.hpp"
#include "http/budget.hpp"
#include "http/connection.hpp"
#include "http/proxy.hpp"
#include "http/request.hpp"
#include "http/response_reader.hpp"
#include "http/tls_context.hpp"
#include "http/url.hpp"

namespace kcheck::http {

namespace {

constexpr int kMaxRedirects = 5;

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// One request/response exchange: either a final response or where a redirect points.
struct Exchange {
  Response response;
  std::optional<std::string> location;
  std::string status_line;  // "302 Found", for messages about an unfollowed redirect
};

}  // namespace

struct Client::Impl {
  explicit Impl(config::HttpOptions o)
      : options(std::move(o)), endpoint(parse_url(options.endpoint)) {}

  Result<Response> fetch(const CancelToken& token);
  Result<Exchange> exchange(const Url& url, bool same_origin, const Budget& budget,
                            const CancelToken& token);
  void warn_if_unverified(const Url& url);
  Result<Exchange> finish_exchange(ResponseReader& reader, const Url& url, const Limit& limit,
                                   const CancelToken& token);
  Result<std::unique_ptr<Connection>> connect(const Url& url, const Proxy* proxy,
                                              const Budget& budget, const CancelToken& token);

  // After an exception nothing is known about pending operations: drop the connection and
  // the io_context (destroying it discards queued handlers without running them).
  void reset_io() noexcept {
    conn.reset();
    loop.reset();
  }

  config::HttpOptions options;
  Result<Url> endpoint;
  std::vector<std::string> warnings;
  std::string dns_servers;                // "" = the system's; set by use_dns_servers (tests)
  EnvLookup env = process_environment();  // replaced by use_environment (tests)
  /// The last fetch failed on what the server answered (an HTTP error status, a redirect
  /// not followed, a redirect loop), not on reaching it.
  bool answered_with_error = false;
  std::unique_ptr<IoLoop> loop;      // created on first use
  std::unique_ptr<Connection> conn;  // declared after loop: destroyed before it
};

Result<std::unique_ptr<Connection>> Client::Impl::connect(const Url& url, const Proxy* proxy,
                                                          const Budget& budget,
                                                          const CancelToken& token) {
  std::shared_ptr<asio::ssl::context> tls;
  if (url.tls()) {
    auto ctx = make_tls_context(options);
    if (!ctx.ok()) return ctx.status();
    tls = std::move(ctx).value();
  }
  return open_connection(*loop, url, proxy, std::move(tls), options.tls_verify, dns_servers,
                         budget.connect_phase(Clock::now()), token);
}

// Every fetch over unverified TLS warns, a kept-alive connection too: the host logs
// Response::warnings of each run, and a risk that is logged once is soon forgotten.
void Client::Impl::warn_if_unverified(const Url& url) {
  if (!url.tls() || options.tls_verify || options.tls_ignore_warning) return;
  std::string w = "TLS certificate verification is disabled (tls_verify: false) for " + url.text() +
                  "; set tls_ignore_warning: true to hide this warning";
  for (const auto& seen : warnings) {
    if (seen == w) return;
  }
  warnings.push_back(std::move(w));
}

Result<Exchange> Client::Impl::exchange(const Url& url, bool same_origin, const Budget& budget,
                                        const CancelToken& token) {
  warn_if_unverified(url);
  // Every hop picks its proxy for its own URL (a redirect may leave no_proxy's hosts).
  auto chosen = select_proxy(options, url, env);
  if (!chosen.ok()) return chosen.status();
  const Proxy* proxy = chosen->has_value() ? &**chosen : nullptr;
  auto headers = build_headers(options, url, same_origin);
  if (!headers.ok()) return headers.status();
  // Plain http goes to the proxy as an absolute-form request, its credentials with it; https
  // goes through a CONNECT tunnel, whose request carries them instead (tunnel.cpp).
  const bool absolute_form = proxy != nullptr && !url.tls();
  if (absolute_form && !proxy->authorization.empty()) {
    headers->emplace_back("Proxy-Authorization", proxy->authorization);
  }
  const std::string request = serialize_request(url, headers.value(), absolute_form);
  const std::string route = route_key(url, proxy);

  for (int attempt = 0;; ++attempt) {
    const bool reused = conn && conn->reused && conn->route() == route && !conn->looks_stale();
    if (!reused) {
      conn.reset();
      auto opened = connect(url, proxy, budget, token);
      if (!opened.ok()) return opened.status();
      conn = std::move(opened).value();
    }
    const Limit limit = budget.read_phase(Clock::now());
    bool lost = false;
    Status st = send_request(*loop, *conn, url, request, limit, token, lost);
    if (st.ok()) {
      ResponseReader reader(*loop, *conn, url, options.max_body_bytes);
      st = reader.read_head(limit, token, lost);
      if (st.ok()) return finish_exchange(reader, url, limit, token);
    }
    conn.reset();
    // A kept-alive connection the server closed while idle: GET is safe to send again.
    if (reused && lost && attempt == 0) continue;
    return st;
  }
}

Result<Exchange> Client::Impl::finish_exchange(ResponseReader& reader, const Url& url,
                                               const Limit& limit, const CancelToken& token) {
  const ResponseHead& head = reader.head();
  Exchange ex;
  ex.status_line = std::to_string(head.status) + " " + head.reason;
  if (is_redirect(head.status) && !head.location.empty()) {
    conn.reset();  // the redirect body is not worth reading to keep the connection
    ex.location = head.location;
    return ex;
  }
  if (head.status < 200 || head.status >= 300) {
    conn.reset();
    answered_with_error = true;
    return unavailable("HTTP " + ex.status_line + " from " + url.text());
  }
  BodyDecoder decoder(options.max_body_bytes, url.text(), head.content_length);
  Status st = decoder.set_content_encoding(head.content_encoding);
  if (st.ok()) st = reader.read_body(decoder, limit, token);
  if (st.ok()) st = decoder.finish();
  if (!st.ok()) {
    conn.reset();
    return st;
  }
  if (reader.reusable()) {
    conn->reused = true;
  } else {
    conn.reset();
  }
  ex.response.status = head.status;
  ex.response.content_type = head.content_type;
  ex.response.wire_bytes = static_cast<std::size_t>(decoder.wire_size());
  ex.response.body = std::move(decoder).take();
  return ex;
}

Result<Response> Client::Impl::fetch(const CancelToken& token) {
  if (!endpoint.ok()) return endpoint.status();
  if (!loop) loop = std::make_unique<IoLoop>();
  warnings.clear();
  answered_with_error = false;
  const Budget budget(options, Clock::now());
  const Url& start = endpoint.value();
  Url url = start;
  std::vector<std::string> chain{url.text()};
  std::set<std::string> visited{url.origin() + url.target};

  for (int hop = 0;; ++hop) {
    // Credentials and configured headers are for the configured origin only, never for
    // wherever a redirect points.
    auto ex = exchange(url, url.origin() == start.origin(), budget, token);
    if (!ex.ok()) return ex.status();
    if (!ex->location) {
      Response response = std::move(ex->response);
      response.warnings = std::move(warnings);
      return response;
    }
    const std::string& location = *ex->location;
    // From here on every failure is about the answer: the server was reached.
    answered_with_error = true;
    if (!options.allow_redirects) {
      return unavailable("HTTP " + ex->status_line + " from " + url.text() + " (redirect to \"" +
                         location + "\" not followed: allow_redirects is false)");
    }
    auto next = resolve_reference(url, location);
    if (!next.ok()) {
      return unavailable("invalid redirect from " + url.text() + ": " + next.status().message());
    }
    if (url.tls() && !next->tls()) {
      // The next request would go out in cleartext: whatever the body or the Location says
      // could be read or changed on the way.
      return unavailable("refused redirect from " + url.text() + " to \"" + location +
                         "\": it would downgrade https to http");
    }
    chain.push_back(next->text());
    if (!visited.insert(next->origin() + next->target).second) {
      std::string loop_text;
      for (const auto& u : chain) loop_text += (loop_text.empty() ? "" : " -> ") + u;
      return unavailable("redirect loop: " + loop_text);
    }
    if (hop + 1 > kMaxRedirects) {
      return unavailable("too many redirects (more than " + std::to_string(kMaxRedirects) +
                         ") from " + start.text());
    }
    url = std::move(next).value();
    answered_with_error = false;
  }
}

Client::Client(config::HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Client::~Client() = default;

bool Client::last_failure_was_answer() const noexcept {
  return impl_->answered_with_error;
}

void Client::use_dns_servers(std::string servers) {
  impl_->dns_servers = std::move(servers);
}

void Client::use_environment(std::function<std::optional<std::string>(const std::string&)> env) {
  impl_->env = std::move(env);
}

void Client::close() noexcept {
  impl_->reset_io();
}

Result<Response> Client::fetch(const CancelToken& cancel) {
  try {
    return impl_->fetch(cancel);
  } catch (const std::bad_alloc&) {
    impl_->reset_io();
    return resource_exhausted("out of memory while fetching " + impl_->options.endpoint);
  } catch (const std::exception& e) {
    impl_->reset_io();
    return internal_error("unexpected error while fetching " + impl_->options.endpoint + ": " +
                          e.what());
  } catch (...) {
    impl_->reset_io();
    return internal_error("unexpected error while fetching " + impl_->options.endpoint);
  }
}

}  // namespace kcheck::http
