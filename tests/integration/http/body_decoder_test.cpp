// The streaming body decoder on its own: identity, gzip fed in pieces, limits, corruption.
#include "http/body_decoder.hpp"

#include <catch2/catch.hpp>
#include <cstring>

#include "test_server.hpp"

using kcheck::StatusCode;
using kcheck::http::BodyDecoder;

namespace {

// Feeds `raw` through the decoder `piece` bytes at a time, as a socket would.
kcheck::Status feed(BodyDecoder& d, std::string_view raw, std::size_t piece) {
  while (!raw.empty()) {
    auto space = d.input_space();
    REQUIRE(!space.empty());
    const std::size_t n = std::min({piece, space.size(), raw.size()});
    std::memcpy(space.data(), raw.data(), n);
    raw.remove_prefix(n);
    if (auto st = d.commit(n); !st.ok()) return st;
  }
  return d.finish();
}

}  // namespace

TEST_CASE("gzip fed in pieces of any size decodes to the original") {
  std::string original;
  for (int i = 0; i < 50000; ++i) original += "sample_" + std::to_string(i) + " 1\n";
  const std::string packed = kcheck::test::gzip(original);
  const std::size_t piece = GENERATE(1u, 7u, 4096u, 1u << 20);
  BodyDecoder d(64u << 20, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding(" GZIP ").ok());
  REQUIRE(feed(d, packed, piece).ok());
  CHECK(std::move(d).take() == original);
}

TEST_CASE("an identity body is kept as is, with or without a size hint") {
  const std::string body(100000, 'q');
  const auto hint = GENERATE(std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{100000});
  BodyDecoder d(1u << 20, "http://x/", hint);
  REQUIRE(d.set_content_encoding("identity").ok());
  REQUIRE(feed(d, body, 3000).ok());
  CHECK(std::move(d).take() == body);
}

TEST_CASE("the decoded size limit holds however the input is split") {
  const std::string packed = kcheck::test::gzip(std::string(1u << 20, 'z'));
  BodyDecoder d(1000, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding("gzip").ok());
  const auto st = feed(d, packed, 100);
  CHECK(st.code() == StatusCode::kResourceExhausted);
  CHECK(st.message() ==
        "decompressed response body from http://x/ exceeds max_body_size (1000 bytes)");
  CHECK(d.size() == 1001);
}

TEST_CASE("an empty gzip body is an empty body") {
  BodyDecoder d(1000, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding("gzip").ok());
  REQUIRE(d.finish().ok());
  CHECK(std::move(d).take().empty());
}

TEST_CASE("the body buffer is sized by the bytes received, not by the announced length") {
  // 60 MiB announced: the room offered for the next read is one read window, not 60 MiB.
  BodyDecoder d(64u << 20, "http://x/", std::uint64_t{60} << 20);
  REQUIRE(d.set_content_encoding("").ok());
  auto space = d.input_space();
  CHECK(space.size() == 64 * 1024);
  std::memcpy(space.data(), "0123456789", 10);
  REQUIRE(d.commit(10).ok());
  CHECK(d.input_space().size() == 64 * 1024 - 10);
}

TEST_CASE("a 60 MiB Content-Length reserves at most 4 MiB before the bytes arrive") {
  // Plain or gzip (whose Content-Length counts compressed bytes): the announced size is the
  // server's word; 10 bytes received may not hold more than 4 MiB and one read window.
  const std::string encoding = GENERATE(as<std::string>{}, "", "gzip");
  INFO("Content-Encoding: \"" << encoding << "\"");
  BodyDecoder d(64u << 20, "http://x/", std::uint64_t{60} << 20);
  REQUIRE(d.set_content_encoding(encoding).ok());
  auto space = d.input_space();
  REQUIRE(space.size() >= 10);
  std::memcpy(space.data(), "0123456789", 10);
  REQUIRE(d.commit(10).ok());
  REQUIRE_FALSE(d.input_space().empty());
  INFO("capacity " << d.capacity() << " bytes");
  CHECK(d.capacity() <= (std::size_t{4} << 20) + 64 * 1024);
}

TEST_CASE("a body that ends at its Content-Length is returned without spare capacity") {
  const std::size_t size = GENERATE(std::size_t{100}, std::size_t{5} << 20, std::size_t{9} << 20);
  const std::string body(size, 'b');
  BodyDecoder d(64u << 20, "http://x/", std::uint64_t{size});
  REQUIRE(d.set_content_encoding("").ok());
  REQUIRE(feed(d, body, 64 * 1024).ok());
  const std::string out = std::move(d).take();
  CHECK(out == body);
  CHECK(out.capacity() - out.size() < 64 * 1024);
}

TEST_CASE("a body of unknown length keeps at most 1 MiB of spare capacity") {
  const std::string body((std::size_t{5} << 20) + 123, 'c');
  BodyDecoder d(64u << 20, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding("").ok());
  REQUIRE(feed(d, body, 64 * 1024).ok());
  const std::string out = std::move(d).take();
  CHECK(out == body);
  CHECK(out.capacity() - out.size() <= std::size_t{1} << 20);
}

// The gzip trailer's ISIZE sizes libdeflate's one-call decode; it is the sender's word.
namespace {
std::string with_isize(std::string packed, std::uint32_t isize) {
  for (int i = 0; i < 4; ++i) {
    packed[packed.size() - 4 + static_cast<std::size_t>(i)] = static_cast<char>(isize >> (8 * i));
  }
  return packed;
}
}  // namespace

TEST_CASE("a gzip trailer that understates the size still stops at max_body_size") {
  // A bomb that claims to be 10 bytes: the one-call decode fails, zlib streams under the limit.
  const std::string packed = with_isize(kcheck::test::gzip(std::string(1u << 20, 'z')), 10);
  BodyDecoder d(1000, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding("gzip").ok());
  const auto st = feed(d, packed, 4096);
  CHECK(st.code() == StatusCode::kResourceExhausted);
  CHECK(d.size() == 1001);
}

TEST_CASE("a gzip trailer that overstates the size is not believed either") {
  // 4 GiB - 1 claimed, 100 000 bytes real: nothing is allocated on the claim, and the body
  // decodes (zlib checks the trailer and rejects the lie as corrupt data).
  const std::string original(100000, 'a');
  const std::string packed = with_isize(kcheck::test::gzip(original), 0xFFFFFFFFu);
  BodyDecoder d(64u << 20, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding("gzip").ok());
  const auto st = feed(d, packed, 4096);
  CHECK(st.code() == StatusCode::kDataLoss);
  CHECK_THAT(st.message(), Catch::Contains("corrupt gzip body from http://x/"));
}

TEST_CASE("a compressed body too large to decode within the limit is refused as it arrives") {
  // Random bytes do not compress: a body this much larger than the limit cannot decode to
  // fit in it, and is refused before it is all held.
  std::string noise(200000, '\0');
  std::uint32_t x = 12345;
  for (char& c : noise) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  const std::string packed = kcheck::test::gzip(noise);
  BodyDecoder d(1000, "http://x/", std::nullopt);
  REQUIRE(d.set_content_encoding("gzip").ok());
  const auto st = feed(d, packed, 4096);
  CHECK(st.code() == StatusCode::kResourceExhausted);
  CHECK(d.wire_size() < packed.size());
}
