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
