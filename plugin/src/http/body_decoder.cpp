#include "http/body_decoder.hpp"

#include <libdeflate.h>
#include <zlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <climits>
#include <vector>

namespace kcheck::http {

namespace {
// The body is only ever zero-filled (resized) this far ahead of the bytes received: one
// read's worth (Beast reads at most 64 KiB at a time). Capacity grows geometrically behind.
constexpr std::size_t kWindow = 64 * 1024;
constexpr std::size_t kMinSpace = 16 * 1024;
// Content-Length is the server's word, not bytes: at most this much is reserved on it.
constexpr std::uint64_t kMaxUpfront = 4u << 20;
// A returned body with more spare capacity than this is copied to a tight one, so whoever
// keeps it does not keep the spare room too.
constexpr std::size_t kMaxSlack = 1u << 20;
// A body buffer that grew past this leaves its smaller stages freed in the heap.
constexpr std::size_t kLargeBuffer = 4u << 20;
constexpr std::size_t kInputChunk = 64 * 1024;
// windowBits 15 + 32: inflate detects a gzip or a zlib header by itself.
constexpr int kAutoDetectWindowBits = 15 + 32;
// The smallest gzip member: 10-byte header, an empty deflate block, 8-byte trailer.
constexpr std::size_t kMinGzipMember = 18;

/// The largest compressed body that can decode to at most `limit` bytes: stored deflate
/// blocks add 5 bytes per 64 KiB, headers and trailers a few dozen; anything larger is more
/// than max_body_size once decoded.
std::uint64_t compressed_cap(std::uint64_t limit) {
  return limit + limit / 1024 + 64 * 1024;
}

std::uint32_t read_le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const noexcept { libdeflate_free_decompressor(d); }
};

std::string normalise_token(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  std::string out(v);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}
}  // namespace

struct BodyDecoder::Inflater {
  z_stream strm{};
  bool initialised = false;
  bool member_ended = false;  // the last gzip member is complete
  bool any_input = false;

  Inflater() = default;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (initialised) inflateEnd(&strm);
  }
};

BodyDecoder::BodyDecoder(std::uint64_t limit, std::string url,
                         std::optional<std::uint64_t> size_hint)
    : limit_(limit), url_(std::move(url)) {
  if (size_hint && *size_hint > 0) {
    // An identity body never outgrows its Content-Length (the parser enforces it): growth
    // stops there, so a body of exactly that size ends with no spare capacity.
    expected_ = std::min(*size_hint, limit_);
    body_.reserve(static_cast<std::size_t>(std::min(expected_, kMaxUpfront)));
  }
}

BodyDecoder::~BodyDecoder() {
  if (!grew_large_) return;
  body_ = std::string();
  compressed_ = std::string();
#if defined(__GLIBC__)
  // glibc raises its mmap threshold (up to 32 MiB) each time a large block is freed, so
  // the growing body's smaller stages come from the heap, and freed heap memory stays
  // resident: without this a 64 MiB scrape leaves tens of MiB behind for good. Only free
  // memory is given back; nothing in use moves.
  malloc_trim(0);
#endif
}

Status BodyDecoder::set_content_encoding(std::string_view value) {
  const std::string enc = normalise_token(value);
  if (enc.empty() || enc == "identity") {
    compressed_mode_ = false;
    return Status();
  }
  if (enc == "gzip" || enc == "x-gzip" || enc == "deflate") {
    // The compressed bytes are kept and decoded once complete (finish()): libdeflate decodes
    // a whole gzip member about three times as fast as zlib's streaming inflate. Content-Length
    // counts compressed bytes: it sizes that buffer, not the decoded body.
    compressed_mode_ = true;
    if (expected_ > 0) {
      // What the constructor reserved on that Content-Length moves to the compressed bytes:
      // held for both, an announced length would cost twice kMaxUpfront before a byte came.
      std::string().swap(body_);
      compressed_.reserve(static_cast<std::size_t>(std::min(expected_, kMaxUpfront)));
    }
    expected_ = 0;
    return Status();
  }
  return data_loss("unsupported Content-Encoding \"" + std::string(value) + "\" from " + url_);
}

char* BodyDecoder::reserve_output(std::size_t& space) {
  if (body_.size() - size_ < kMinSpace) {
    // Never hold more than limit + 1 decoded bytes: one byte over is enough to know. An
    // identity body ends at its Content-Length (the parser enforces it): no room past it.
    std::uint64_t window = std::min<std::uint64_t>(size_ + kWindow, limit_ + 1);
    if (expected_ > size_) window = std::min(window, expected_);
    if (window > body_.capacity()) {
      std::uint64_t grown = std::min<std::uint64_t>(body_.capacity() * 2, limit_ + 1);
      if (expected_ > size_) grown = std::min(grown, expected_);
      body_.reserve(static_cast<std::size_t>(std::max(grown, window)));
      if (body_.capacity() > kLargeBuffer) grew_large_ = true;
    }
    if (window > body_.size()) body_.resize(static_cast<std::size_t>(window));
  }
  space = body_.size() - static_cast<std::size_t>(size_);
  return body_.data() + size_;
}

std::span<char> BodyDecoder::input_space() {
  if (compressed_mode_) {
    if (compressed_.size() - compressed_size_ < kMinSpace) {
      const std::uint64_t window =
          std::min<std::uint64_t>(compressed_size_ + kWindow, compressed_cap(limit_) + 1);
      if (window > compressed_.capacity()) {
        compressed_.reserve(static_cast<std::size_t>(std::max<std::uint64_t>(
            window,
            std::min<std::uint64_t>(compressed_.capacity() * 2, compressed_cap(limit_) + 1))));
        if (compressed_.capacity() > kLargeBuffer) grew_large_ = true;
      }
      if (window > compressed_.size()) compressed_.resize(static_cast<std::size_t>(window));
    }
    return {compressed_.data() + compressed_size_, compressed_.size() - compressed_size_};
  }
  std::size_t space = 0;
  char* p = reserve_output(space);
  return {p, space};
}

Status BodyDecoder::too_large() const {
  return resource_exhausted(std::string(compressed_mode_ ? "decompressed " : "") +
                            "response body from " + url_ + " exceeds max_body_size (" +
                            std::to_string(limit_) + " bytes)");
}

Status BodyDecoder::commit(std::size_t n) {
  wire_size_ += n;
  if (compressed_mode_) {
    compressed_size_ += n;
    return compressed_size_ > compressed_cap(limit_) ? too_large() : Status();
  }
  size_ += n;
  return size_ > limit_ ? too_large() : Status();
}

bool BodyDecoder::decode_whole_gzip() {
  // One gzip member whose trailer says (ISIZE) a size within the limit: decoded in one call
  // into a buffer of exactly that size. Anything else (a zlib stream, concatenated members, an
  // ISIZE over the limit or false, corrupt or truncated data) is left to zlib, which streams
  // under the limit and says precisely what is wrong.
  const auto* in = reinterpret_cast<const unsigned char*>(compressed_.data());
  const auto in_size = static_cast<std::size_t>(compressed_size_);
  if (in_size < kMinGzipMember || in[0] != 0x1f || in[1] != 0x8b) return false;
  const std::uint32_t isize = read_le32(in + in_size - 4);
  if (isize > limit_) return false;
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
  if (!d) return false;
  body_.resize(isize);
  std::size_t used_in = 0;
  std::size_t produced = 0;
  const libdeflate_result rc = libdeflate_gzip_decompress_ex(d.get(), in, in_size, body_.data(),
                                                             body_.size(), &used_in, &produced);
  if (rc != LIBDEFLATE_SUCCESS || used_in != in_size || produced != isize) {
    body_.clear();
    return false;
  }
  if (body_.capacity() > kLargeBuffer) grew_large_ = true;
  size_ = produced;
  return true;
}

Status BodyDecoder::inflate_all() {
  Inflater z;
  if (inflateInit2(&z.strm, kAutoDetectWindowBits) != Z_OK) {
    return resource_exhausted("cannot start gzip decoding: out of memory");
  }
  z.initialised = true;
  body_.clear();
  size_ = 0;
  const char* next = compressed_.data();
  std::uint64_t left = compressed_size_;
  while (left > 0) {
    const auto n = static_cast<uInt>(std::min<std::uint64_t>(left, kInputChunk));
    z.strm.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(next));
    z.strm.avail_in = n;
    next += n;
    left -= n;
    while (true) {
      if (z.member_ended) {
        if (z.strm.avail_in == 0) break;
        // Another gzip member follows (concatenated gzip is valid, RFC 1952 section 2.2).
        inflateReset(&z.strm);
        z.member_ended = false;
      }
      std::size_t space = 0;
      char* out = reserve_output(space);
      const auto given = static_cast<uInt>(std::min<std::size_t>(space, UINT_MAX));
      z.strm.next_out = reinterpret_cast<Bytef*>(out);
      z.strm.avail_out = given;
      const int rc = inflate(&z.strm, Z_NO_FLUSH);
      size_ += given - z.strm.avail_out;
      if (size_ > limit_) return too_large();
      if (rc == Z_STREAM_END) {
        z.member_ended = true;
        continue;
      }
      if (rc == Z_OK || rc == Z_BUF_ERROR) {
        // Z_BUF_ERROR: no progress possible, i.e. all input consumed.
        if (z.strm.avail_in == 0 && z.strm.avail_out != 0) break;
        if (rc == Z_BUF_ERROR && z.strm.avail_out != 0) break;
        continue;
      }
      if (rc == Z_MEM_ERROR) return resource_exhausted("out of memory decoding gzip from " + url_);
      return data_loss("corrupt gzip body from " + url_ + ": " +
                       (z.strm.msg ? z.strm.msg : "invalid compressed data"));
    }
  }
  if (!z.member_ended) {
    return data_loss("gzip body from " + url_ + " is truncated (the compressed stream ends early)");
  }
  return Status();
}

Status BodyDecoder::finish() {
  if (compressed_mode_ && compressed_size_ > 0) {
    Status st = decode_whole_gzip() ? Status() : inflate_all();
    // The compressed copy is not needed any more: freed now, not with the decoder.
    std::string().swap(compressed_);
    if (!st.ok()) return st;
  }
  body_.resize(static_cast<std::size_t>(size_));
  return Status();
}

std::string BodyDecoder::take() && {
  body_.resize(static_cast<std::size_t>(size_));
  if (body_.capacity() - body_.size() > kMaxSlack) body_.shrink_to_fit();
  return std::move(body_);
}

}  // namespace kcheck::http
