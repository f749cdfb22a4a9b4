// Turns the raw body bytes, as they arrive, into the decoded body: identity or streaming
// gzip/zlib inflate, with the size limit enforced on the decoded bytes (gzip bombs).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::http {

/// One response body. Raw bytes are written straight into input_space() by the reader and
/// counted by commit(): no copy for identity bodies. A gzip body is kept compressed until
/// finish(), which decodes it in one libdeflate call when its trailer gives a size within the
/// limit, else with zlib's streaming inflate under the limit (concatenated members, zlib
/// streams, lying or corrupt trailers). The
/// buffer grows with the bytes that arrive (at most 4 MiB reserved on the Content-Length,
/// never zero-filled more than one read ahead), not with what the server announces; after a
/// large body the freed heap memory is handed back to the system.
class BodyDecoder {
 public:
  /// `limit` bounds the decoded size; `url` names the endpoint in messages; `size_hint` is
  /// the Content-Length, if any.
  BodyDecoder(std::uint64_t limit, std::string url, std::optional<std::uint64_t> size_hint);
  ~BodyDecoder();
  BodyDecoder(const BodyDecoder&) = delete;
  BodyDecoder& operator=(const BodyDecoder&) = delete;

  /// Picks the decoding from the Content-Encoding header; kDataLoss when unsupported.
  Status set_content_encoding(std::string_view value);

  /// Where the next raw bytes go; never empty.
  std::span<char> input_space();
  /// Takes the first `n` bytes written to the last input_space().
  Status commit(std::size_t n);
  /// The raw body ended: decodes a gzip body, which must be complete.
  Status finish();
  /// The decoded body (call once, after finish()), with at most 1 MiB of spare capacity.
  std::string take() &&;

  /// Decoded bytes so far (a gzip body's are known after finish()).
  std::uint64_t size() const noexcept { return size_; }
  /// Raw bytes so far, as received (compressed under gzip; without chunk framing).
  std::uint64_t wire_size() const noexcept { return wire_size_; }
  /// Bytes the decoder's buffers hold allocated, decoded and compressed together.
  std::size_t capacity() const noexcept { return body_.capacity() + compressed_.capacity(); }

 private:
  struct Inflater;
  char* reserve_output(std::size_t& space);
  Status too_large() const;
  /// libdeflate's one-call decode of a single gzip member; false when it does not apply.
  bool decode_whole_gzip();
  /// zlib's streaming inflate of the compressed bytes, under the limit.
  Status inflate_all();

  std::uint64_t limit_;
  std::string url_;
  std::string body_;  // decoded bytes live in [0, size_); the rest is spare room
  std::uint64_t size_ = 0;
  std::uint64_t wire_size_ = 0;
  std::uint64_t expected_ = 0;    // Content-Length of an identity body, 0 when unknown
  bool compressed_mode_ = false;  // gzip / deflate: compressed_ holds the raw body
  std::string compressed_;        // raw bytes in [0, compressed_size_)
  std::uint64_t compressed_size_ = 0;
  bool grew_large_ = false;  // the buffer passed 4 MiB: trim the heap at the end
};

}  // namespace kcheck::http
