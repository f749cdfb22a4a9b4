#include "http/response_reader.hpp"

#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "http/connection.hpp"

namespace kcheck::http {

namespace bhttp = boost::beast::http;

namespace {

// Bounds the status line + headers (counted here over the whole head), and the chunked
// trailers (through the connection buffer's cap, connection.cpp).
constexpr std::uint32_t kHeaderLimit = 64 * 1024;
constexpr std::string_view kHeaderLimitText = "64 KiB";
// 100 Continue and friends: a few are legal, an endless stream is not.
constexpr int kMaxInterimResponses = 8;

using Parser = bhttp::response_parser<bhttp::buffer_body>;

// One read_some: the result slot, and how many bytes the parser consumed.
struct ReadOp {
  OpState op;
  std::size_t consumed = 0;
};

auto read_completion(const std::shared_ptr<ReadOp>& r) {
  return [r](const ErrorCode& ec, std::size_t consumed) {
    r->consumed = consumed;
    r->op.ec = ec;
    r->op.done = true;
  };
}

Status body_too_large(const Url& url, std::uint64_t limit) {
  return resource_exhausted("response body from " + url.text() + " exceeds max_body_size (" +
                            std::to_string(limit) + " bytes)");
}

}  // namespace

struct ResponseReader::Impl {
  Impl(IoLoop& l, Connection& c, const Url& u, std::uint64_t limit)
      : loop(l), conn(c), url(u), max_body(limit) {}

  IoLoop& loop;
  Connection& conn;
  const Url& url;
  std::uint64_t max_body;
  std::optional<Parser> parser;
  ResponseHead head;

  // One parser read (read_some: the parser consumes what it can, at most one socket read
  // ahead). False, with `failure` set, when the wait did not complete; `op.ec` otherwise.
  bool read_some(ReadOp& r, const std::shared_ptr<ReadOp>& holder, const Limit& limit,
                 const CancelToken& token, std::string_view activity, Status& failure) {
    conn.visit([&](auto& stream) {
      bhttp::async_read_some(stream, conn.buffer(), *parser, read_completion(holder));
    });
    const WaitResult w = loop.wait(r.op, limit.at, token);
    if (w != WaitResult::kDone) {
      conn.close();
      loop.drain(r.op);
      failure = wait_failure(w, url, limit, activity);
      return false;
    }
    return true;
  }

  Status head_error(const ErrorCode& ec, bool& connection_lost) const {
    if (ec == bhttp::error::end_of_stream || is_connection_lost(ec)) {
      connection_lost = true;
      return unavailable("connection closed by " + url.authority() +
                         " before the response headers (" + url.text() + ")");
    }
    if (ec == bhttp::error::partial_message) {
      return unavailable("connection closed by " + url.authority() +
                         " in the middle of the response headers (" + url.text() + ")");
    }
    if (ec == bhttp::error::body_limit) return body_too_large(url, max_body);
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      return block_too_large("headers");
    }
    if (ec.category() == ErrorCode(bhttp::error::bad_line_ending).category()) {
      // Every Beast parse error shares the category of its enum.
      return unavailable("invalid HTTP response from " + url.text() + ": " + ec.message());
    }
    return io_error(url, "waiting for response headers from " + url.text(), ec);
  }

  Status body_error(const ErrorCode& ec) const {
    if (ec == bhttp::error::partial_message || is_connection_lost(ec)) {
      return data_loss("response body from " + url.text() +
                       " is truncated: the connection closed before the end of the body");
    }
    if (ec == bhttp::error::bad_chunk || ec == bhttp::error::bad_chunk_extension) {
      return data_loss("invalid chunked encoding in the response from " + url.text() + ": " +
                       ec.message());
    }
    if (ec == bhttp::error::body_limit) return body_too_large(url, max_body);
    // The read buffer holds one read: a trailer (parsed only when complete) that outgrows it.
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      return block_too_large("trailers");
    }
    return io_error(url, "reading the response body from " + url.text(), ec);
  }

  Status block_too_large(std::string_view block) const {
    return resource_exhausted("response " + std::string(block) + " from " + url.text() +
                              " exceed " + std::string(kHeaderLimitText));
  }
};

ResponseReader::ResponseReader(IoLoop& loop, Connection& conn, const Url& url,
                               std::uint64_t max_body)
    : impl_(std::make_unique<Impl>(loop, conn, url, max_body)) {}

ResponseReader::~ResponseReader() = default;

const ResponseHead& ResponseReader::head() const noexcept {
  return impl_->head;
}

Status ResponseReader::read_head(const Limit& limit, const CancelToken& token,
                                 bool& connection_lost) {
  Impl& m = *impl_;
  for (int interim = 0; interim <= kMaxInterimResponses; ++interim) {
    m.parser.emplace();
    m.parser->header_limit(kHeaderLimit);
    m.parser->body_limit(m.max_body);
    const std::string activity = "waiting for response headers from " + m.url.text();
    // Beast 1.74 applies header_limit to what one parse sees, not to the whole head: a head
    // of many small fields arriving in pieces would pass. The bytes are counted here.
    std::size_t head_bytes = 0;
    while (!m.parser->is_header_done()) {
      auto r = std::make_shared<ReadOp>();
      Status failure;
      if (!m.read_some(*r, r, limit, token, activity, failure)) return failure;
      if (r->op.ec) return m.head_error(r->op.ec, connection_lost);
      head_bytes += r->consumed;
      if (head_bytes > kHeaderLimit) {
        m.conn.close();
        return m.block_too_large("headers");
      }
    }

    const auto& msg = m.parser->get();
    const int status = static_cast<int>(msg.result_int());
    if (status >= 100 && status < 200 && status != 101) continue;

    ResponseHead& h = m.head;
    h.status = status;
    h.reason = std::string(msg.reason());
    if (h.reason.empty()) h.reason = std::string(bhttp::obsolete_reason(msg.result()));
    h.content_type = std::string(msg[bhttp::field::content_type]);
    h.content_encoding = std::string(msg[bhttp::field::content_encoding]);
    h.location = std::string(msg[bhttp::field::location]);
    if (const auto len = m.parser->content_length()) h.content_length = *len;
    return Status();
  }
  return unavailable("too many interim (1xx) responses from " + m.url.text());
}

Status ResponseReader::read_body(BodyDecoder& decoder, const Limit& limit,
                                 const CancelToken& token) {
  Impl& m = *impl_;
  Parser& p = *m.parser;
  const std::string activity = "reading the response body from " + m.url.text();
  while (!p.is_done()) {
    // The parser copies body bytes (de-chunked) straight into the decoder's input space.
    const std::span<char> space = decoder.input_space();
    p.get().body().data = space.data();
    p.get().body().size = space.size();
    auto st = std::make_shared<OpState>();
    m.conn.visit(
        [&](auto& stream) { bhttp::async_read(stream, m.conn.buffer(), p, completion(st)); });
    const WaitResult w = m.loop.wait(*st, limit.at, token);
    if (w != WaitResult::kDone) {
      m.conn.close();
      m.loop.drain(*st);
      return wait_failure(w, m.url, limit, activity);
    }
    // need_buffer: the space is full, which is how a buffer_body read pauses.
    if (st->ec && st->ec != bhttp::error::need_buffer) return m.body_error(st->ec);
    const std::size_t n = space.size() - p.get().body().size;
    if (Status s = decoder.commit(n); !s.ok()) return s;
  }
  return Status();
}

bool ResponseReader::reusable() const {
  const Impl& m = *impl_;
  return m.parser && m.parser->is_done() && m.parser->keep_alive() && !m.parser->need_eof() &&
         m.conn.buffer().size() == 0;
}

}  // namespace kcheck::http
