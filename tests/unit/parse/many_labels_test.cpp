// Label sets of any size: duplicate detection past the scanned size goes through a hash
// index, and must find a repeat wherever it is, in both lexers and both formats, while a
// huge line of distinct labels parses in linear time.
#include <catch2/catch.hpp>
#include <cstddef>
#include <string>

#include "kcheck/parse.hpp"

namespace {

using kcheck::Event;
using kcheck::Format;
using kcheck::ParseError;
using kcheck::Parser;

// name{l0="v",l1="v",...} 1 with `count` labels; `repeat_at` (when < count) spells label
// `repeat_at` as l<repeat_of> instead.
std::string line_with_labels(std::size_t count, std::size_t repeat_at = SIZE_MAX,
                             std::size_t repeat_of = 0, bool escaped = false) {
  std::string s = "m{";
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) s += ',';
    s += 'l' + std::to_string(i == repeat_at ? repeat_of : i);
    s += escaped ? "=\"a\\\\b\"" : "=\"v\"";
  }
  s += "} 1\n";
  return s;
}

std::string error_text(const std::string& input, Format format) {
  ParseError err;
  if (kcheck::validate(input, format, &err)) return "ok";
  return err.to_string(input).substr(0, err.to_string(input).find(" near"));
}

}  // namespace

TEST_CASE("A repeated label is found at any position of a large label set", "[parse][labels]") {
  const auto format = GENERATE(Format::kPrometheus, Format::kOpenMetrics);
  const bool escaped = GENERATE(false, true);  // fast lexer, then the general one
  const std::string tail = format == Format::kOpenMetrics ? "# EOF\n" : "";
  struct Case {
    std::size_t count, at, of;
  };
  for (const Case c :
       {Case{40, 33, 0}, Case{40, 39, 38}, Case{300, 299, 5}, Case{5000, 4096, 31}}) {
    const std::string input = line_with_labels(c.count, c.at, c.of, escaped) + tail;
    INFO(c.count << " labels, label " << c.at << " repeats l" << c.of);
    const std::size_t col = input.rfind(",l" + std::to_string(c.of) + "=") + 2;
    CHECK(error_text(input, format) == "line 1 col " + std::to_string(col) +
                                           ": expected label name 'l" + std::to_string(c.of) +
                                           "' only once");
  }
}

TEST_CASE("A line of 100 000 distinct labels parses with every label", "[parse][labels]") {
  const auto format = GENERATE(Format::kPrometheus, Format::kOpenMetrics);
  std::string input = line_with_labels(100'000);
  if (format == Format::kOpenMetrics) input += "# EOF\n";
  REQUIRE(input.size() > 1'000'000);
  Parser parser(input, format);
  REQUIRE(parser.next() == Event::kFamily);
  REQUIRE(parser.next() == Event::kSample);
  CHECK(parser.sample().labels.size() == 100'000);
  CHECK(parser.sample().labels[99'999].name == "l99999");
  CHECK(parser.next() == Event::kEnd);
}

TEST_CASE("Consecutive large label sets do not see each other's labels", "[parse][labels]") {
  // The index is reused from line to line: a stale entry would report a false repeat.
  const std::string input = line_with_labels(64) + line_with_labels(64) + line_with_labels(100);
  CHECK(error_text(input, Format::kPrometheus) == "ok");
}

TEST_CASE("After a huge label set, a small one still finds its repeat", "[parse][labels]") {
  // The index of the huge line is emptied, not zeroed: the next set sizes its own table.
  const std::string input =
      line_with_labels(100'000) + line_with_labels(40) + line_with_labels(40, 39, 3);
  const std::size_t col = input.rfind(",l3=") + 2;
  CHECK(error_text(input, Format::kPrometheus) ==
        "line 3 col " + std::to_string(col - input.rfind('\n', input.size() - 2) - 1) +
            ": expected label name 'l3' only once");
}
