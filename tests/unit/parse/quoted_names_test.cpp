// Prometheus 3 quoted UTF-8 names, in both formats: the metric name quoted as the first item
// in the braces, quoted label names, quoted names in HELP/TYPE/UNIT; their escapes, their
// errors, and their families after recover().
#include <catch2/catch.hpp>
#include <string>

#include "transcript.hpp"

namespace {

using kcheck::Event;
using kcheck::Format;
using kcheck::Parser;
using kcheck::test::outcome;
using kcheck::test::transcript;
using Case = kcheck::test::TranscriptCase;

// OpenMetrics needs its final '# EOF'; 0.0.4 takes it as a comment.
std::string with_eof(const std::string& body) {
  return body + "# EOF\n";
}

}  // namespace

TEST_CASE("Quoted names parse to their unquoted names in both formats", "[parse][quoted]") {
  const Case c = GENERATE(values<Case>({
      {"a metric name quoted alone in the braces", "{\"my.metric\"} 1\n",
       "family my.metric unknown\nsample my.metric - {} 1\nend"},
      {"a quoted metric name then a quoted label name", "{\"my.metric\",\"label.name\"=\"v\"} 1\n",
       "family my.metric unknown\nsample my.metric - {label.name=\"v\"} 1\nend"},
      {"a quoted metric name then a bare label name", "{\"my.metric\",a=\"v\"} 1\n",
       "family my.metric unknown\nsample my.metric - {a=\"v\"} 1\nend"},
      {"a quoted label name after a bare metric name", "foo{\"label.name\"=\"v\",b=\"w\"} 1\n",
       "family foo unknown\nsample foo - {label.name=\"v\",b=\"w\"} 1\nend"},
      {"quoted names in HELP and TYPE",
       "# HELP \"my.metric\" Some help.\n# TYPE \"my.metric\" gauge\n{\"my.metric\"} 1\n",
       "family my.metric gauge help=Some help.\nsample my.metric - {} 1\nend"},
      {"a quoted counter owns its _total samples",
       "# TYPE \"my.c\" counter\n{\"my.c_total\",\"a.b\"=\"x\"} 3\n",
       "family my.c counter\nsample my.c_total _total {a.b=\"x\"} 3\nend"},
      {"a quoted histogram owns _bucket, _sum and _count",
       "# TYPE \"my.h\" histogram\n{\"my.h_bucket\",le=\"+Inf\"} 2\n{\"my.h_sum\"} 0.5\n"
       "{\"my.h_count\"} 2\n",
       "family my.h histogram\nsample my.h_bucket _bucket {le=\"+Inf\"} 2\n"
       "sample my.h_sum _sum {} 0.5\nsample my.h_count _count {} 2\nend"},
      {"a quoted name that could be bare is that bare name",
       "# TYPE g gauge\n{\"g\",a=\"1\"} 1\ng{a=\"2\"} 2\n",
       "family g gauge\nsample g - {a=\"1\"} 1\nsample g - {a=\"2\"} 2\nend"},
      {"any UTF-8 in a quoted name", "{\"caf\xc3\xa9 \xe2\x98\x83\",\"\xc3\xa9\"=\"v\"} 1\n",
       "family caf\xc3\xa9 \xe2\x98\x83 unknown\n"
       "sample caf\xc3\xa9 \xe2\x98\x83 - {\xc3\xa9=\"v\"} 1\nend"},
  }));
  for (const Format format : {Format::kPrometheus, Format::kOpenMetrics}) {
    INFO(c.what << (format == Format::kPrometheus ? " (0.0.4)" : " (OpenMetrics)"));
    CHECK(transcript(with_eof(c.input), format) == c.expected);
  }
}

TEST_CASE("0.0.4 quoted names take blanks and a trailing comma", "[parse][quoted]") {
  const Case c = GENERATE(values<Case>({
      {"blanks around every token", " { \"m.x\" , \"a.b\" = \"v\" }  1\n",
       "family m.x unknown\nsample m.x - {a.b=\"v\"} 1\nend"},
      {"a trailing comma after the metric name", "{\"m.x\",} 1\n",
       "family m.x unknown\nsample m.x - {} 1\nend"},
      {"blanks around the quoted TYPE name", "#  TYPE  \"m.x\"\tgauge\n{\"m.x\"} 1\n",
       "family m.x gauge\nsample m.x - {} 1\nend"},
  }));
  INFO(c.what);
  CHECK(transcript(c.input, Format::kPrometheus) == c.expected);
}

TEST_CASE("An OpenMetrics UNIT line may quote its name", "[parse][quoted][om]") {
  CHECK(transcript("# TYPE \"my.t_seconds\" gauge\n# UNIT \"my.t_seconds\" seconds\n"
                   "{\"my.t_seconds\"} 1\n# EOF\n",
                   Format::kOpenMetrics) ==
        "family my.t_seconds gauge unit=seconds\nsample my.t_seconds - {} 1\nend");
}

TEST_CASE("Quoted names resolve the escapes of label values", "[parse][quoted]") {
  const auto [raw, name] = GENERATE(table<std::string, std::string>({
      {R"(a\"b)", "a\"b"},
      {R"(a\\b)", "a\\b"},
      {R"(a\nb)", "a\nb"},
      {R"(a\zb)", "a\\zb"},
      {"a.b", "a.b"},
  }));
  for (const Format format : {Format::kPrometheus, Format::kOpenMetrics}) {
    INFO(raw << (format == Format::kPrometheus ? " (0.0.4)" : " (OpenMetrics)"));
    const std::string input = "# TYPE \"" + raw + "\" gauge\n{\"" + raw + "\",\"" + raw +
                              "\"=\"v\"} 1\n{\"" + raw + "\",x=\"\\\\\"} 2\n# EOF\n";
    Parser parser(input, format);
    REQUIRE(parser.next() == Event::kFamily);
    CHECK(parser.family().name == name);
    REQUIRE(parser.next() == Event::kSample);
    CHECK(parser.sample().name == name);
    REQUIRE(parser.sample().labels.size() == 1);
    CHECK(parser.sample().labels[0].name == name);
    CHECK(parser.sample().labels[0].value == "v");
    REQUIRE(parser.next() == Event::kSample);
    CHECK(parser.sample().name == name);
    CHECK(parser.sample().label("x") == "\\");
    CHECK(parser.family().name == name);  // the lines' scratch has been reused since
    CHECK(parser.next() == Event::kEnd);
  }
}

TEST_CASE("A 0.0.4 family with an escaped quoted name is re-opened by name",
          "[parse][quoted][prom]") {
  // The family is named by an escape: its name must outlive the lines that spelled it.
  const std::string input =
      "# TYPE \"a\\\\b\" counter\n{\"a\\\\b_total\"} 1\nx 1\ny 1\n{\"a\\\\b_total\"} 2\n";
  CHECK(transcript(input, Format::kPrometheus) ==
        "family a\\b counter\nsample a\\b_total _total {} 1\nfamily x unknown\n"
        "sample x - {} 1\nfamily y unknown\nsample y - {} 1\nfamily a\\b counter\n"
        "sample a\\b_total _total {} 2\nend");
}

TEST_CASE("Broken quoted names are rejected with a positioned message", "[parse][quoted]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"{\"my.metric} 1\n", "error: line 1 col 15: expected '\"' to close quoted name near '\\n'"},
      {"{\"a\\\n", "error: line 1 col 5: expected '\"' to close quoted name near '\\n'"},
      {"{\"a\xff\"} 1\n",
       "error: line 1 col 3: expected valid UTF-8 in quoted name near 'a\\xff\"} 1\\n'"},
      {"{\"\"} 1\n", "error: line 1 col 2: expected a non-empty quoted name near '\"\"} 1\\n'"},
      {"g{\"\"=\"v\"} 1\n",
       "error: line 1 col 3: expected a non-empty quoted name near '\"\"=\"v\"} 1\\n'"},
      {"{\"my.metric\"foo=\"v\"} 1\n",
       "error: line 1 col 13: expected ',' or '}' after metric name near 'foo=\"v\"} 1\\n'"},
      {"{\"my.metric\"=\"v\"} 1\n",
       "error: line 1 col 13: expected ',' or '}' after metric name near '=\"v\"} 1\\n'"},
      {"{} 1\n", "error: line 1 col 2: expected quoted metric name near '} 1\\n'"},
      {"{a=\"v\"} 1\n", "error: line 1 col 2: expected quoted metric name near 'a=\"v\"} 1\\n'"},
      {"g{\"a.b\"} 1\n", "error: line 1 col 8: expected '=' after label name near '} 1\\n'"},
      {"{\"m\",\"a.b\"=\"1\",\"a.b\"=\"2\"} 1\n",
       "error: line 1 col 16: expected label name 'a.b' only once near '\"a.b\"=\"2\"} 1\\n'"},
      {"g{a=\"1\",\"a\"=\"2\"} 1\n",
       "error: line 1 col 9: expected label name 'a' only once near '\"a\"=\"2\"} 1\\n'"},
      // A message that names a quoted name stays one printable line.
      {"g{\"a\\nb\"=\"1\",\"a\\nb\"=\"2\"} 1\n",
       "error: line 1 col 14: expected label name 'a\\nb' only once near "
       "'\"a\\\\nb\"=\"2\"} 1\\n'"},
      {"# TYPE \"my.metric gauge\n",
       "error: line 1 col 24: expected '\"' to close quoted name near '\\n'"},
      {"# TYPE \"\" gauge\n",
       "error: line 1 col 8: expected a non-empty quoted name near '\"\" gauge\\n'"},
      {"# HELP \"a\xc0\" x\n",
       "error: line 1 col 9: expected valid UTF-8 in quoted name near 'a\\xc0\" x\\n'"},
      {"# TYPE \"a\"gauge\n",
       "error: line 1 col 11: expected ' ' after metric name near 'gauge\\n'"},
  }));
  for (const Format format : {Format::kPrometheus, Format::kOpenMetrics}) {
    INFO(input << (format == Format::kPrometheus ? " (0.0.4)" : " (OpenMetrics)"));
    CHECK(outcome(with_eof(input), format) == expected);
  }
}

TEST_CASE("OpenMetrics quoted names take no blanks and no trailing comma", "[parse][quoted][om]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"{\"m\",} 1\n", "error: line 1 col 6: expected label name near '} 1\\n'"},
      {"{\"m\", a=\"1\"} 1\n", "error: line 1 col 6: expected label name near ' a=\"1\"} 1\\n'"},
      {"{ \"m\"} 1\n", "error: line 1 col 2: expected quoted metric name near ' \"m\"} 1\\n'"},
  }));
  INFO(input);
  CHECK(outcome(with_eof(input), Format::kOpenMetrics) == expected);
}

TEST_CASE("After a bad line, recover() names the family of its quoted name", "[parse][quoted]") {
  const auto [bad_line, family] = GENERATE(table<std::string, std::string>({
      {"{\"my.c_total\",a=\"1} 1\n", "my.c"},
      {"{\"my.c_total\"} x\n", "my.c"},
      {"{ \"other.x\"} x\n", "other.x"},
      {"{\"a\\\\b\"} x\n", "a\\b"},
      {"{\"broken} 1\n", "my.c"},
      {"{a=\"1\"} 1\n", "my.c"},
      {"# TYPE \"my.c\" gauge\n", "my.c"},
      {"# TYPE \"x\\\"y\" bogus\n", "x\"y"},
  }));
  INFO(bad_line);
  const std::string input =
      "# TYPE \"my.c\" counter\n{\"my.c_total\"} 1\n" + bad_line + "{\"my.c_total\"} 2\n";
  Parser parser(input, Format::kPrometheus);
  REQUIRE(parser.next() == Event::kFamily);
  REQUIRE(parser.next() == Event::kSample);
  REQUIRE(parser.next() == Event::kError);
  REQUIRE(parser.recover());
  CHECK(parser.error_family() == family);
}
