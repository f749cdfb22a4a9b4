#include "core/error_buffer.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <string>

using kcheck::write_error_text;

TEST_CASE("error text that fits is copied whole and NUL-terminated", "[core][error_buffer]") {
  std::array<char, 16> buf{};
  buf.fill('#');
  write_error_text(buf.data(), buf.size(), "bad config");
  CHECK(std::string(buf.data()) == "bad config");
  CHECK(buf[11] == '#');  // nothing written past the terminator
}

TEST_CASE("error text that does not fit is cut to size - 1 bytes", "[core][error_buffer]") {
  const auto [size, expected] = GENERATE(table<std::size_t, std::string>({
      {1, ""},
      {2, "a"},
      {4, "abc"},
      {6, "abcde"},
      {7, "abcdef"},
      {8, "abcdef"},
  }));
  std::array<char, 16> buf{};
  buf.fill('#');
  write_error_text(buf.data(), size, "abcdef");
  CHECK(std::string(buf.data()) == expected);
  CHECK(buf[size] == '#');
}

TEST_CASE("truncation never splits a UTF-8 character", "[core][error_buffer]") {
  // "é" is 2 bytes, "€" 3 bytes, "😀" 4 bytes.
  const std::string text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
  const auto [size, expected] = GENERATE(table<std::size_t, std::string>({
      {2, "a"},
      {3, "a"},
      {4, "a\xc3\xa9"},
      {5, "a\xc3\xa9"},
      {6, "a\xc3\xa9"},
      {7, "a\xc3\xa9\xe2\x82\xac"},
      {10, "a\xc3\xa9\xe2\x82\xac"},
      {11, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
      {12, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z"},
  }));
  std::array<char, 16> buf{};
  write_error_text(buf.data(), size, text);
  CHECK(std::string(buf.data()) == expected);
}

TEST_CASE("truncation of text that is not UTF-8 backs up at most 3 bytes", "[core][error_buffer]") {
  // Continuation bytes only: no character boundary to find, and no reason to lose the text.
  const std::string text(20, '\x80');
  std::array<char, 16> buf{};
  write_error_text(buf.data(), buf.size(), text);
  CHECK(std::string(buf.data()) == std::string(12, '\x80'));
}

TEST_CASE("a NULL or empty error buffer is left alone", "[core][error_buffer]") {
  write_error_text(nullptr, 0, "x");
  write_error_text(nullptr, 10, "x");
  char c = '#';
  write_error_text(&c, 0, "x");
  CHECK(c == '#');
}
