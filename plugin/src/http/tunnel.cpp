#include "http/tunnel.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

namespace kcheck::http {

namespace {

namespace beast_http = boost::beast::http;

// A CONNECT answer is a status line and a few headers; more is not a proxy worth waiting on.
constexpr std::uint32_t kAnswerHeadLimit = 16 * 1024;

}  // namespace

Status open_tunnel(IoLoop& loop, Connection& conn, const Url& origin, const Proxy& proxy,
                   const Limit& limit, const CancelToken& token) {
  const std::string target = origin.authority();
  std::string request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
  if (!proxy.authorization.empty()) {
    request += "Proxy-Authorization: " + proxy.authorization + "\r\n";
  }
  request += "\r\n";
  const std::string exchange = "CONNECT " + target + " through proxy " + proxy.name;

  auto wrote = std::make_shared<OpState>();
  asio::async_write(conn.socket(), asio::buffer(request), completion(wrote));
  WaitResult w = loop.wait(*wrote, limit.at, token);
  if (w != WaitResult::kDone) {
    conn.close();
    loop.drain(*wrote);
    return wait_failure(w, origin, limit, "sending " + exchange);
  }
  if (wrote->ec) return io_error(origin, "sending " + exchange, wrote->ec);

  // The answer is read into a buffer of its own: conn.buffer() belongs to the HTTP exchange
  // that follows inside the tunnel.
  boost::beast::flat_buffer buffer;
  buffer.max_size(kAnswerHeadLimit);
  beast_http::response_parser<beast_http::empty_body> parser;
  parser.header_limit(kAnswerHeadLimit);
  auto read = std::make_shared<OpState>();
  beast_http::async_read_header(conn.socket(), buffer, parser, completion(read));
  w = loop.wait(*read, limit.at, token);
  if (w != WaitResult::kDone) {
    conn.close();
    loop.drain(*read);
    return wait_failure(w, origin, limit, "waiting for the answer to " + exchange);
  }
  if (read->ec) return io_error(origin, "reading the answer to " + exchange, read->ec);

  const auto& head = parser.get();
  const unsigned status = head.result_int();
  if (status < 200 || status >= 300) {
    return unavailable("proxy " + proxy.name + " refused CONNECT " + target + ": HTTP " +
                       std::to_string(status) + " " + std::string(head.reason()));
  }
  // The origin speaks first in TLS only after our ClientHello: earlier bytes are the proxy's,
  // and a TLS session must not start with them.
  if (buffer.size() != 0) {
    return unavailable("proxy " + proxy.name + " sent data after accepting CONNECT " + target);
  }
  return Status();
}

}  // namespace kcheck::http
