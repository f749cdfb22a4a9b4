// The building blocks under the parser: number tokens, escapes, UTF-8.
#include <bit>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

#include "escape.hpp"
#include "number.hpp"
#include "rng.hpp"

using kcheck::parse::append_unescaped;
using kcheck::parse::count_code_points;
using kcheck::parse::is_valid_utf8;
using kcheck::parse::parse_int64;
using kcheck::parse::parse_number;
using kcheck::parse::parse_real;

TEST_CASE("Number tokens follow the OpenMetrics number grammar", "[parse][number]") {
  const auto [token, ok, value] = GENERATE(table<std::string, bool, double>({
      {"0", true, 0},
      {"42", true, 42},
      {"999999999999999", true, 999999999999999.0},
      {"1234567890123456789", true, 1234567890123456789.0},
      {"-1.5", true, -1.5},
      {"+1.5", true, 1.5},
      {"1.", true, 1},
      {".25", true, 0.25},
      {"1e3", true, 1000},
      {"1E-3", true, 0.001},
      {"1e+3", true, 1000},
      {"", false, 0},
      {"+", false, 0},
      {"-", false, 0},
      {".", false, 0},
      {"e3", false, 0},
      {"1e", false, 0},
      {"--1", false, 0},
      {"+-1", false, 0},
      {"1.2.3", false, 0},
      {"0x10", false, 0},
      {"1_0", false, 0},
      {" 1", false, 0},
      {"1 ", false, 0},
      {"infinite", false, 0},
      {"nan(1)", false, 0},
      {"+nan", false, 0},
  }));
  INFO(token);
  double v = -7;
  CHECK(parse_number(token, &v) == ok);
  if (ok) CHECK(v == value);
}

TEST_CASE("Special number words are case-insensitive", "[parse][number]") {
  const std::string token = GENERATE("inf", "Inf", "INF", "+inf", "infinity", "+Infinity");
  double v = 0;
  REQUIRE(parse_number(token, &v));
  CHECK(std::isinf(v));
  CHECK(v > 0);
  REQUIRE(parse_number("-" + std::string(token[0] == '+' ? token.substr(1) : token), &v));
  CHECK(v < 0);
  double nan = 0;
  REQUIRE(parse_number("NaN", &nan));
  CHECK(std::isnan(nan));
}

TEST_CASE("Short decimals give the correctly rounded double from_chars gives", "[parse][number]") {
  // parse_number takes a fast path for up to 15 digits with an optional '-' and '.'; its
  // result must be the very double of the general path, for every spelling.
  kcheck::test::Rng rng(3);
  for (int round = 0; round < 200000; ++round) {
    std::string token;
    if (rng.chance(0.3)) token += '-';
    const std::size_t digits = 1 + rng.below(15);
    const std::size_t point = rng.below(digits + 2);  // digits + 1: no point at all
    for (std::size_t i = 0; i < digits; ++i) {
      if (i == point) token += '.';
      token += static_cast<char>('0' + rng.below(10));
    }
    if (point == digits) token += '.';
    double fast = 0;
    REQUIRE(parse_number(token, &fast));
    double reference = 0;
    const char* const begin = token.data() + (token[0] == '-' ? 1 : 0);
    const auto [ptr, ec] = std::from_chars(begin, token.data() + token.size(), reference);
    REQUIRE(ec == std::errc());
    REQUIRE(ptr == token.data() + token.size());
    if (token[0] == '-') reference = -reference;
    INFO(token);
    REQUIRE(std::bit_cast<std::uint64_t>(fast) == std::bit_cast<std::uint64_t>(reference));
  }
}

TEST_CASE("Numbers beyond double's range read as infinities, as Python's float() does",
          "[parse][number]") {
  const auto [token, value] = GENERATE(table<std::string, double>({
      {"1e400", HUGE_VAL},
      {"-1e400", -HUGE_VAL},
      {"+1E400", HUGE_VAL},
      {"1.8e308", HUGE_VAL},
      {"10000e305", HUGE_VAL},
      {"0.00001e309", 1e304},  // in range: the leading zeros count
      {"1" + std::string(400, '0'), HUGE_VAL},
      {"1" + std::string(400, '0') + ".5", HUGE_VAL},
      {"0.1e99999999999999999999999", HUGE_VAL},
  }));
  INFO(token);
  double v = 0;
  REQUIRE(parse_number(token, &v));
  CHECK(v == value);
}

TEST_CASE("Numbers too small for a double read as zeros that keep their sign", "[parse][number]") {
  const auto [token, negative] = GENERATE(table<std::string, bool>({
      {"1e-400", false},
      {"-1e-400", true},
      {"2e-324", false},
      {"100e-326", false},
      {"0.001e-322", false},
      {"-0." + std::string(400, '0') + "1", true},
      {"9" + std::string(30, '9') + "e-99999999999999999999999", false},
  }));
  INFO(token);
  double v = 7;
  REQUIRE(parse_number(token, &v));
  CHECK(v == 0);
  CHECK(std::signbit(v) == negative);
}

TEST_CASE("Subnormal numbers keep their value", "[parse][number]") {
  double v = 0;
  REQUIRE(parse_number("4e-324", &v));
  CHECK(v == std::numeric_limits<double>::denorm_min());
}

TEST_CASE("Real numbers refuse values beyond double's range", "[parse][number]") {
  const std::string token = GENERATE("1e400", "-1e400", "1e-400");
  double v = 0;
  CHECK_FALSE(parse_real(token, &v));
}

TEST_CASE("Real numbers refuse the special words", "[parse][number]") {
  double v = 0;
  CHECK(parse_real("1.5", &v));
  CHECK(v == 1.5);
  CHECK_FALSE(parse_real("Inf", &v));
  CHECK_FALSE(parse_real("NaN", &v));
  CHECK_FALSE(parse_real("-inf", &v));
}

TEST_CASE("Millisecond timestamps are signed 64-bit integers", "[parse][number]") {
  const auto [token, ok, value] = GENERATE(table<std::string, bool, std::int64_t>({
      {"1700000000123", true, 1700000000123},
      {"-5", true, -5},
      {"+5", true, 5},
      {"9223372036854775807", true, INT64_MAX},
      {"9223372036854775808", false, 0},
      {"1.5", false, 0},
      {"1e3", false, 0},
      {"", false, 0},
      {"+-5", false, 0},
  }));
  INFO(token);
  std::int64_t v = 0;
  CHECK(parse_int64(token, &v) == ok);
  if (ok) CHECK(v == value);
}

TEST_CASE("Escapes resolve backslash, newline and optionally quote", "[parse][escape]") {
  const auto [raw, quote, expected] = GENERATE(table<std::string, bool, std::string>({
      {"plain", true, "plain"},
      {R"(a\\b)", true, "a\\b"},
      {R"(a\nb)", false, "a\nb"},
      {R"(\")", true, "\""},
      {R"(\")", false, "\\\""},
      {R"(\t)", true, "\\t"},
      {"end\\", true, "end\\"},
  }));
  std::string out = "prefix:";
  append_unescaped(raw, quote, &out);
  CHECK(out == "prefix:" + expected);
}

TEST_CASE("UTF-8 validation rejects malformed sequences", "[parse][escape]") {
  const auto [bytes, ok] = GENERATE(table<std::string, bool>({
      {"ascii", true},
      {"caf\xc3\xa9", true},
      {"\xe2\x98\x83", true},
      {"\xf0\x9f\x98\x80", true},
      {"\xc3", false},
      {"\x80", false},
      {"\xc0\xaf", false},
      {"\xe0\x80\xaf", false},
      {"\xed\xa0\x80", false},
      {"\xf4\x90\x80\x80", false},
      {"\xff", false},
  }));
  CHECK(is_valid_utf8(bytes) == ok);
}

TEST_CASE("Code points are counted, not bytes", "[parse][escape]") {
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("caf\xc3\xa9") == 4);
  CHECK(count_code_points("\xf0\x9f\x98\x80x") == 2);
}
