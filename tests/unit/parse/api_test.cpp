// The parser's API contract: event order, terminal events, error rendering, helpers.
#include <catch2/catch.hpp>
#include <string>

#include "kcheck/cancel.hpp"
#include "kcheck/parse.hpp"

using kcheck::Event;
using kcheck::Format;
using kcheck::Parser;

TEST_CASE("Every call after kEnd returns kEnd again", "[parse][api]") {
  const Format format = GENERATE(Format::kPrometheus, Format::kOpenMetrics);
  const std::string input = "# TYPE g gauge\ng 1\n# EOF\n";
  Parser parser(input, format);
  CHECK(parser.next() == Event::kFamily);
  CHECK(parser.next() == Event::kSample);
  CHECK(parser.next() == Event::kEnd);
  for (int i = 0; i < 3; ++i) CHECK(parser.next() == Event::kEnd);
}

TEST_CASE("Every call after kError returns kError with the same error", "[parse][api]") {
  const Format format = GENERATE(Format::kPrometheus, Format::kOpenMetrics);
  const std::string input = "g 1\ng{ 2\n# EOF\n";
  Parser parser(input, format);
  CHECK(parser.next() == Event::kFamily);
  CHECK(parser.next() == Event::kSample);
  REQUIRE(parser.next() == Event::kError);
  const std::size_t offset = parser.error().offset;
  // 0.0.4 allows blanks inside the braces, so it stops at the '2'; OpenMetrics at the blank.
  CHECK(offset == (format == Format::kPrometheus ? 7u : 6u));
  for (int i = 0; i < 3; ++i) {
    CHECK(parser.next() == Event::kError);
    CHECK(parser.error().offset == offset);
  }
}

TEST_CASE("An OpenMetrics error after the last sample still comes out of next()", "[parse][api]") {
  // A streaming caller that stops at its last sample would miss this: drive to kEnd.
  const std::string input = "# TYPE h histogram\nh_bucket{le=\"1\"} 0\n# EOF\n";
  Parser parser(input, Format::kOpenMetrics);
  CHECK(parser.next() == Event::kFamily);
  CHECK(parser.next() == Event::kSample);
  CHECK(parser.next() == Event::kError);
  CHECK(parser.error().message == "expected a '+Inf' bucket in every histogram series");
}

TEST_CASE("The family of a sample stays current while its samples come", "[parse][api]") {
  const std::string input =
      "# HELP h Some help.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\n"
      "h_count 1\nh_sum 2\n";
  Parser parser(input, Format::kPrometheus);
  REQUIRE(parser.next() == Event::kFamily);
  CHECK(parser.family().name == "h");
  CHECK(parser.line() == 3);
  int samples = 0;
  while (parser.next() == Event::kSample) {
    ++samples;
    CHECK(parser.family().name == "h");
    CHECK(parser.family().type == kcheck::MetricType::kHistogram);
    CHECK(parser.family().help == "Some help.");
    CHECK(parser.line() == static_cast<std::size_t>(2 + samples));
  }
  CHECK(samples == 3);
}

TEST_CASE("validate() agrees with next() and reports the same error", "[parse][api]") {
  kcheck::ParseError error;
  CHECK(kcheck::validate("a 1\n", Format::kPrometheus, &error));
  CHECK_FALSE(kcheck::validate("a 1\n", Format::kOpenMetrics, &error));
  CHECK(error.offset == 4);
  CHECK(error.message == "expected '# EOF'");
  CHECK_FALSE(kcheck::validate("a{b} 1\n", Format::kPrometheus));
}

TEST_CASE("Errors render line, column and an escaped snippet", "[parse][api]") {
  const auto [offset, expected] = GENERATE(table<std::size_t, std::string>({
      {0, "line 1 col 1: expected X near 'ab\\tc\\n'"},
      {3, "line 1 col 4: expected X near 'c\\n'"},
      {5,
       "line 2 col 1: expected X near '\\'q\\'\\\\\\x01\\xc3\\xa9"
       "0123456789abc'"},
      {25, "line 2 col 21: expected X near 'defghij'"},
      {32, "line 2 col 28: expected X at end of input"},
      {99, "line 2 col 28: expected X at end of input"},
  }));
  const std::string input =
      "ab\tc\n'q'\\\x01\xc3\xa9"
      "0123456789abcdefghij";
  const kcheck::ParseError error{offset, "expected X"};
  CHECK(error.to_string(input) == expected);
}

TEST_CASE("Content types select the format", "[parse][api]") {
  const auto [content_type, format] = GENERATE(table<std::string, Format>({
      {"application/openmetrics-text; version=1.0.0; charset=utf-8", Format::kOpenMetrics},
      {"application/openmetrics-text", Format::kOpenMetrics},
      {"Application/OpenMetrics-Text;version=0.0.1", Format::kOpenMetrics},
      {"text/plain; version=0.0.4; charset=utf-8", Format::kPrometheus},
      {"application/openmetrics-textual", Format::kPrometheus},
      {"", Format::kPrometheus},
  }));
  INFO(content_type);
  CHECK(kcheck::format_from_content_type(content_type) == format);
}

TEST_CASE("Metric types print as their TYPE words", "[parse][api]") {
  using kcheck::MetricType;
  CHECK(kcheck::metric_type_name(MetricType::kUnknown) == "unknown");
  CHECK(kcheck::metric_type_name(MetricType::kCounter) == "counter");
  CHECK(kcheck::metric_type_name(MetricType::kGauge) == "gauge");
  CHECK(kcheck::metric_type_name(MetricType::kHistogram) == "histogram");
  CHECK(kcheck::metric_type_name(MetricType::kSummary) == "summary");
  CHECK(kcheck::metric_type_name(MetricType::kInfo) == "info");
  CHECK(kcheck::metric_type_name(MetricType::kStateset) == "stateset");
  CHECK(kcheck::metric_type_name(MetricType::kGaugeHistogram) == "gaugehistogram");
}

TEST_CASE("Sample::label finds a label or reports its absence", "[parse][api]") {
  const std::string input = "g{a=\"1\",b=\"\"} 1\n";
  Parser parser(input, Format::kPrometheus);
  REQUIRE(parser.next() == Event::kFamily);
  REQUIRE(parser.next() == Event::kSample);
  bool found = false;
  CHECK(parser.sample().label("b", &found).empty());
  CHECK(found);
  CHECK(parser.sample().label("a", &found) == "1");
  CHECK(parser.sample().label("c", &found).empty());
  CHECK_FALSE(found);
}

TEST_CASE("A moved parser continues where the original stopped", "[parse][api]") {
  const std::string input = "a 1\nb 2\n";
  Parser first(input, Format::kPrometheus);
  REQUIRE(first.next() == Event::kFamily);
  Parser second = std::move(first);
  CHECK(second.next() == Event::kSample);
  CHECK(second.sample().name == "a");
  CHECK(second.next() == Event::kFamily);
  CHECK(second.family().name == "b");
}

namespace {

// The parser over `line`, at its first sample.
void to_first_sample(Parser& parser) {
  Event e = parser.next();
  while (e == Event::kFamily) e = parser.next();
  REQUIRE(e == Event::kSample);
}

// The label text of the first sample of `line` (a 0.0.4 input of one line), without the label
// named `skip`; "?" when label_text() cannot tell, else "first|second".
std::string label_text_of(const std::string& line, std::string_view skip) {
  Parser parser(line, Format::kPrometheus);
  to_first_sample(parser);
  const auto labels = parser.sample().labels;
  std::ptrdiff_t at = -1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].name == skip) at = static_cast<std::ptrdiff_t>(i);
  }
  kcheck::LabelText text;
  if (!kcheck::label_text(line, labels, at, &text)) return "?";
  return std::string(text.first) + "|" + std::string(text.second);
}

}  // namespace

TEST_CASE("label_text gives the source of a sample's labels, or says it cannot", "[parse][api]") {
  const auto [line, skip, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"m 1\n", "", "|"},
      {"m{a=\"1\",b=\"2\"} 1\n", "", "a=\"1\",b=\"2|"},
      {"m{a=\"1\",le=\"0.5\"} 1\n", "le", "a=\"1|"},
      {"m{le=\"0.5\",a=\"1\"} 1\n", "le", "a=\"1|"},
      {"m{a=\"1\",le=\"0.5\",b=\"2\"} 1\n", "le", "a=\"1|b=\"2"},
      {"m{le=\"0.5\"} 1\n", "le", "|"},
      // An escaped value inside a run: its source is in the run.
      {"m{a=\"x\\\"y\",b=\"2\"} 1\n", "", "a=\"x\\\"y\",b=\"2|"},
      // The last value of a run unescaped into the parser's scratch: unknown.
      {"m{a=\"1\",b=\"x\\\"y\"} 1\n", "", "?"},
      // A quoted first name without escapes is a view into the line.
      {"m{\"a.b\"=\"1\",c=\"2\"} 1\n", "", "a.b\"=\"1\",c=\"2|"},
      // A quoted name with an escape is unescaped into the scratch: unknown.
      {"m{\"a\\\"b\"=\"1\",c=\"2\"} 1\n", "", "?"},
      // A quoted last name: its value does not follow `="`.
      {"m{a=\"1\",\"b.c\"=\"2\"} 1\n", "", "?"},
      // 0.0.4 blanks around '=': unknown, not wrong.
      {"m{a = \"1\"} 1\n", "", "?"},
  }));
  INFO(line);
  CHECK(label_text_of(line, skip) == expected);
}

TEST_CASE("label_text refuses labels that are not views into the input it is given",
          "[parse][api]") {
  const std::string line = "m{a=\"1\",b=\"2\"} 1\n";
  Parser parser(line, Format::kPrometheus);
  to_first_sample(parser);
  kcheck::LabelText text;
  const std::string other = line;  // the same bytes elsewhere
  CHECK_FALSE(kcheck::label_text(other, parser.sample().labels, -1, &text));
  CHECK(kcheck::label_text(line, parser.sample().labels, -1, &text));
  CHECK_FALSE(
      kcheck::label_text(std::string_view(line).substr(0, 10), parser.sample().labels, -1, &text));
}

TEST_CASE("A cancelled token stops the parser within 64 KiB, comment lines included",
          "[parse][api][cancel]") {
  std::string input = "# TYPE g gauge\ng 1\n";
  while (input.size() < 200'000) input += "# a comment, which makes no event\n";
  input += "g 2\n";
  kcheck::CancelToken token;
  Parser parser(input, Format::kPrometheus, &token);
  CHECK(parser.next() == Event::kFamily);
  CHECK(parser.next() == Event::kSample);
  token.cancel();
  REQUIRE(parser.next() == Event::kError);
  CHECK(parser.error().message == "cancelled");
  CHECK(parser.error().offset <= 64 * 1024 + 64);  // the first line start past 64 KiB
  CHECK_FALSE(parser.recover());
  CHECK(parser.next() == Event::kError);
  // Without a token, or with one never set, the same input parses to its end.
  const kcheck::CancelToken unset;
  for (const kcheck::CancelToken* t : {static_cast<const kcheck::CancelToken*>(nullptr), &unset}) {
    Parser whole(input, Format::kPrometheus, t);
    CHECK(whole.next() == Event::kFamily);
    CHECK(whole.next() == Event::kSample);
    CHECK(whole.next() == Event::kSample);
    CHECK(whole.next() == Event::kEnd);
  }
}

TEST_CASE("A cancelled token stops the parser inside a line of many labels",
          "[parse][api][cancel]") {
  std::string input = "# TYPE g gauge\ng 1\ng{";
  for (int i = 0; i < 100'000; ++i) input += "l" + std::to_string(i) + "=\"v\",";
  input += "} 2\n";
  kcheck::CancelToken token;
  Parser parser(input, Format::kPrometheus, &token);
  CHECK(parser.next() == Event::kFamily);
  CHECK(parser.next() == Event::kSample);
  token.cancel();  // the next line starts well within 64 KiB: only its labels can see it
  REQUIRE(parser.next() == Event::kError);
  CHECK(parser.error().message == "cancelled");
  CHECK(parser.error().offset == input.find("g{"));
  CHECK_FALSE(parser.recover());
}
