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
