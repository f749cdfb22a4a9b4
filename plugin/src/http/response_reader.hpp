// Private to the http layer: reads one response (status line, headers, streamed body) from
// a Connection. The only file that includes the Beast HTTP parser.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/body_decoder.hpp"
#include "http/budget.hpp"
#include "http/client.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

class IoLoop;
class Connection;

/// The status line and the headers the client acts on.
struct ResponseHead {
  int status = 0;
  std::string reason;  ///< as sent, or the standard phrase when the server sent none
  std::string content_type;
  std::string content_encoding;
  std::string location;
  std::optional<std::uint64_t> content_length;
};

/// Reads one response; `max_body` bounds the raw body (Content-Length or bytes received).
class ResponseReader {
 public:
  ResponseReader(IoLoop& loop, Connection& conn, const Url& url, std::uint64_t max_body);
  ~ResponseReader();
  ResponseReader(const ResponseReader&) = delete;
  ResponseReader& operator=(const ResponseReader&) = delete;

  /// Reads the status line and headers, skipping 1xx interim responses. Sets
  /// `connection_lost` when the server closed the connection before answering.
  Status read_head(const Limit& limit, const CancelToken& token, bool& connection_lost);
  const ResponseHead& head() const noexcept;

  /// Streams the body into `decoder` as it arrives (chunked, Content-Length or until close).
  Status read_body(BodyDecoder& decoder, const Limit& limit, const CancelToken& token);

  /// The whole message was read and the server keeps the connection open.
  bool reusable() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kcheck::http
