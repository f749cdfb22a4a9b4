// Prometheus text 0.0.4: what Prometheus' own parsers accept from real exporters is
// accepted, grouped into families; everything else is rejected with a positioned message.
#include <catch2/catch.hpp>
#include <string>

#include "transcript.hpp"

namespace {

using kcheck::Format;
using kcheck::test::outcome;
using kcheck::test::transcript;
using Case = kcheck::test::TranscriptCase;

}  // namespace

TEST_CASE("Prometheus text is grouped into families of typed samples", "[parse][prom]") {
  const Case c = GENERATE(values<Case>({
      {"a gauge with metadata", "# HELP g Help.\n# TYPE g gauge\ng 1\n",
       "family g gauge help=Help.\nsample g - {} 1\nend"},
      {"a counter declared with _total, as client_golang writes it",
       "# TYPE c_total counter\nc_total{a=\"b\"} 3\n",
       "family c_total counter\nsample c_total - {a=\"b\"} 3\nend"},
      {"a counter declared without _total owns the _total samples",
       "# TYPE c counter\nc_total 3\nc 4\n",
       "family c counter\nsample c_total _total {} 3\nsample c - {} 4\nend"},
      {"a histogram owns _bucket, _sum and _count",
       "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.5\nh_count 2\n",
       "family h histogram\nsample h_bucket _bucket {le=\"1\"} 1\n"
       "sample h_bucket _bucket {le=\"+Inf\"} 2\nsample h_sum _sum {} 0.5\n"
       "sample h_count _count {} 2\nend"},
      {"a summary owns its quantiles, _sum and _count",
       "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 2\ns_count 3\n",
       "family s summary\nsample s - {quantile=\"0.5\"} 1\nsample s_sum _sum {} 2\n"
       "sample s_count _count {} 3\nend"},
      {"samples without TYPE form untyped families named after the sample",
       "a 1\na{x=\"y\"} 2\nb_count 3\n",
       "family a unknown\nsample a - {} 1\nsample a - {x=\"y\"} 2\n"
       "family b_count unknown\nsample b_count - {} 3\nend"},
      {"a HELP line alone makes an untyped family", "# HELP u Some help.\nu 1\n",
       "family u unknown help=Some help.\nsample u - {} 1\nend"},
      {"a family with metadata only is announced at the next family",
       "# HELP a x\n# TYPE a gauge\n# TYPE b gauge\nb 1\n",
       "family a gauge help=x\nfamily b gauge\nsample b - {} 1\nend"},
      {"a family with metadata only is announced at the end", "# TYPE a gauge",
       "family a gauge\nend"},
      {"HELP without text, as KrakenD writes it", "# HELP k\n# TYPE k gauge\nk 1\n",
       "family k gauge help=\nsample k - {} 1\nend"},
      {"HELP with a trailing space only", "# HELP k \n# TYPE k gauge\nk 1\n",
       "family k gauge help=\nsample k - {} 1\nend"},
      {"the last line may lack its newline", "# TYPE g gauge\ng 1",
       "family g gauge\nsample g - {} 1\nend"},
      {"blank lines, blank-only lines and comments are skipped",
       "\n  \n# just a comment\n#\n#nospace\n\t# TYPE g gauge\n\ng 1\n\n",
       "family g gauge\nsample g - {} 1\nend"},
      {"# EOF is a comment in 0.0.4", "g 1\n# EOF\nh 2\n",
       "family g unknown\nsample g - {} 1\nfamily h unknown\nsample h - {} 2\nend"},
      {"a bare '# HELP' is a comment", "# HELP\ng 1\n", "family g unknown\nsample g - {} 1\nend"},
      {"blanks may separate every token", "  g { a = \"1\" , b=\"2\" }\t 5 \t 1000 \n",
       "family g unknown\nsample g - {a=\"1\",b=\"2\"} 5 @1\nend"},
      {"a trailing comma in the label set", "g{a=\"1\",} 1\n",
       "family g unknown\nsample g - {a=\"1\"} 1\nend"},
      {"no blank is needed between labels and value", "g{a=\"1\"}1\n",
       "family g unknown\nsample g - {a=\"1\"} 1\nend"},
      {"empty braces", "g{} 1\n", "family g unknown\nsample g - {} 1\nend"},
      {"timestamps are integer milliseconds", "g 1 1700000000123\ng 2 -1500\n",
       "family g unknown\nsample g - {} 1 @1700000000.123\nsample g - {} 2 @-1.5\nend"},
      {"the TYPE word is case-insensitive", "# TYPE g GAUGE\ng 1\n",
       "family g gauge\nsample g - {} 1\nend"},
      {"untyped is a type", "# TYPE u untyped\nu 1\n", "family u unknown\nsample u - {} 1\nend"},
      {"samples of a family split by another family re-open it",
       "# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nx 1\nh_sum 2\n",
       "family h histogram help=Latency.\nsample h_bucket _bucket {le=\"+Inf\"} 1\n"
       "family x unknown\nsample x - {} 1\nfamily h histogram help=Latency.\n"
       "sample h_sum _sum {} 2\nend"},
      {"metric names may hold colons", "job:rate5m 1\n",
       "family job:rate5m unknown\nsample job:rate5m - {} 1\nend"},
      {"an empty input has no events", "", "end"},
  }));
  INFO(c.what);
  CHECK(transcript(c.input, Format::kPrometheus) == c.expected);
}

TEST_CASE("Go-style numbers are read as Prometheus writes them", "[parse][prom]") {
  const auto [text, expected] = GENERATE(table<const char*, const char*>({
      {"1.048576e+06", "1048576"},
      {"6.7108864e+07", "67108864"},
      {"9.223372036854776e+18", "9223372036854775808"},
      {"8e-06", "8e-06"},
      {"0.000403875", "0.000403875"},
      {"-0", "-0"},
      {"+3", "3"},
      {".5", "0.5"},
      {"5.", "5"},
      {"1E3", "1000"},
      {"0000000000000000000000001", "1"},
      {"12345678901234567890", "12345678901234567168"},
      {"+Inf", "+Inf"},
      {"-Inf", "-Inf"},
      {"Inf", "+Inf"},
      {"inf", "+Inf"},
      {"+infinity", "+Inf"},
      {"-Infinity", "-Inf"},
      {"NaN", "NaN"},
      {"nan", "NaN"},
      {"1e400", "+Inf"},
      {"-1e400", "-Inf"},
      {"1e-400", "0"},
      {"-1e-400", "-0"},
  }));
  INFO(text);
  CHECK(transcript("g " + std::string(text) + "\n", Format::kPrometheus) ==
        "family g unknown\nsample g - {} " + std::string(expected) + "\nend");
}

TEST_CASE("Malformed Prometheus text is rejected with a positioned message", "[parse][prom]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"0g 1\n", "error: line 1 col 1: expected metric name near '0g 1\\n'"},
      {"g-x 1\n", "error: line 1 col 2: expected '{' or ' ' after metric name near '-x 1\\n'"},
      {"g{a} 1\n", "error: line 1 col 4: expected '=' after label name near '} 1\\n'"},
      {"g{a=1} 1\n", "error: line 1 col 5: expected '\"' to open label value near '1} 1\\n'"},
      {"g{a=\"1} 1\n", "error: line 1 col 10: expected '\"' to close label value near '\\n'"},
      {"g{a=\"1\" b=\"2\"} 1\n",
       "error: line 1 col 9: expected ',' or '}' after label value near 'b=\"2\"} 1\\n'"},
      {"g{,} 1\n", "error: line 1 col 3: expected label name near ',} 1\\n'"},
      {"g{a=\"1\",a=\"2\"} 1\n",
       "error: line 1 col 9: expected label name 'a' only once near 'a=\"2\"} 1\\n'"},
      {"g{a=\"\xff\"} 1\n",
       "error: line 1 col 6: expected valid UTF-8 in label value near '\\xff\"} 1\\n'"},
      {"g\n", "error: line 1 col 2: expected '{' or ' ' after metric name near '\\n'"},
      {"g \n", "error: line 1 col 3: expected value near '\\n'"},
      {"g{a=\"1\"}\n", "error: line 1 col 9: expected value near '\\n'"},
      {"g abc\n", "error: line 1 col 3: expected a number as value near 'abc\\n'"},
      {"g 0x1p-3\n", "error: line 1 col 3: expected a number as value near '0x1p-3\\n'"},
      {"g 1_000\n", "error: line 1 col 3: expected a number as value near '1_000\\n'"},
      {"g -nan\n", "error: line 1 col 3: expected a number as value near '-nan\\n'"},
      {"g 1 1.5\n",
       "error: line 1 col 5: expected an integer timestamp in milliseconds near '1.5\\n'"},
      {"g 1 99999999999999999999\n",
       "error: line 1 col 5: expected an integer timestamp in milliseconds near "
       "'99999999999999999999'"},
      {"g 1 2 3\n", "error: line 1 col 7: expected end of line near '3\\n'"},
      {"g 1 # {a=\"b\"} 1\n",
       "error: line 1 col 5: expected an integer timestamp in milliseconds near '# {a=\"b\"} "
       "1\\n'"},
      {"# TYPE g\n", "error: line 1 col 9: expected metric type after metric name near '\\n'"},
      {"# TYPE g info\n",
       "error: line 1 col 10: expected counter, gauge, histogram, summary or untyped near "
       "'info\\n'"},
      {"# TYPE g gauge x\n",
       "error: line 1 col 16: expected end of line after metric type near 'x\\n'"},
      {"# TYPE 0g gauge\n",
       "error: line 1 col 8: expected metric name after TYPE near '0g gauge\\n'"},
      {"# HELP g-x y\n", "error: line 1 col 9: expected ' ' after metric name near '-x y\\n'"},
      {"# TYPE g gauge\n# TYPE g gauge\n",
       "error: line 2 col 1: expected one TYPE line for 'g' near '# TYPE g gauge\\n'"},
      {"# HELP g a\n# HELP g b\n",
       "error: line 2 col 1: expected one HELP line for 'g' near '# HELP g b\\n'"},
      {"g 1\n# TYPE g gauge\n",
       "error: line 2 col 1: expected TYPE for 'g' before its samples near '# TYPE g gauge\\n'"},
      {"# TYPE g gauge\nx 1\n# HELP g late\n",
       "error: line 3 col 1: expected the metadata of 'g' in one block before its samples near "
       "'# HELP g late\\n'"},
      {"# TYPE h histogram\nh 1\n",
       "error: line 2 col 1: expected a sample name with a suffix of the histogram family 'h' "
       "near 'h 1\\n'"},
  }));
  INFO(input);
  CHECK(outcome(input, Format::kPrometheus) == expected);
}

TEST_CASE("Label values resolve escapes and keep unknown ones verbatim", "[parse][prom]") {
  const auto [raw, value] = GENERATE(table<std::string, std::string>({
      {R"(plain)", "plain"},
      {R"(a\"b)", "a\"b"},
      {R"(a\\b)", "a\\b"},
      {R"(a\nb)", "a\nb"},
      {R"(a\zb)", "a\\zb"},
      {R"(\\\")", "\\\""},
      {R"(caf\u00e9)", "caf\\u00e9"},
      {"caf\xc3\xa9", "caf\xc3\xa9"},
      {"} # {", "} # {"},
  }));
  for (const Format format : {Format::kPrometheus, Format::kOpenMetrics}) {
    const std::string input = "g{a=\"" + raw + "\",b=\"x\\\\y\"} 1\n# EOF\n";
    kcheck::Parser parser(input, format);
    REQUIRE(parser.next() == kcheck::Event::kFamily);
    REQUIRE(parser.next() == kcheck::Event::kSample);
    const kcheck::Sample& s = parser.sample();
    REQUIRE(s.labels.size() == 2);
    CHECK(s.labels[0].value == value);
    CHECK(s.labels[1].value == "x\\y");
    CHECK(s.label("b") == "x\\y");
  }
}

TEST_CASE("HELP text resolves backslash and newline escapes", "[parse][prom]") {
  const auto [format, raw, help] = GENERATE(table<Format, std::string, std::string>({
      {Format::kPrometheus, R"(a\\b\nc)", "a\\b\nc"},
      {Format::kPrometheus, R"(say \"hi\")", "say \\\"hi\\\""},
      {Format::kPrometheus, R"(tab\t)", "tab\\t"},
      {Format::kOpenMetrics, R"(say \"hi\")", "say \"hi\""},
      {Format::kOpenMetrics, R"(a\\b\nc)", "a\\b\nc"},
  }));
  const std::string input = "# HELP g " + raw + "\n# TYPE g gauge\ng 1\n# EOF\n";
  kcheck::Parser parser(input, format);
  REQUIRE(parser.next() == kcheck::Event::kFamily);
  CHECK(parser.family().has_help);
  CHECK(parser.family().help == help);
}

TEST_CASE("The samples after a bad TYPE line stay in the family it names", "[parse][recover]") {
  // Its type is unknown, so it owns every suffix: the samples go (with it) where a good TYPE
  // line would have put them, not into families of their own.
  const auto [format, type_line, eof] = GENERATE(table<Format, std::string, std::string>({
      {Format::kPrometheus, "# TYPE h histogrammm\n", ""},
      {Format::kPrometheus, "# TYPE h histogram extra\n", ""},
      {Format::kOpenMetrics, "# TYPE h histogrammm\n", "# EOF\n"},
  }));
  const std::string input = "# TYPE g gauge\ng 1\n# HELP h H.\n" + type_line +
                            "h_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n# TYPE k gauge\nk 1\n" +
                            eof;
  kcheck::Parser parser(input, format);
  std::string events;
  for (kcheck::Event e = parser.next(); e != kcheck::Event::kEnd; e = parser.next()) {
    if (e == kcheck::Event::kFamily) events += "family " + std::string(parser.family().name) + "\n";
    if (e == kcheck::Event::kSample) events += "sample " + std::string(parser.sample().name) + "\n";
    if (e == kcheck::Event::kError) {
      REQUIRE(parser.recover());
      events += "error in " + std::string(parser.error_family()) + "\n";
    }
  }
  INFO(input);
  CHECK(events ==
        "family g\nsample g\nerror in h\nfamily h\nsample h_bucket\nsample h_sum\nsample "
        "h_count\nfamily k\nsample k\n");
}

TEST_CASE("A later block of a family with a bad TYPE line still belongs to it",
          "[parse][recover]") {
  const std::string input =
      "# TYPE h histogrammm\nh_count 1\n# TYPE g gauge\ng 1\nh_bucket{le=\"+Inf\"} 1\n";
  kcheck::Parser parser(input, Format::kPrometheus);
  std::string families;
  for (kcheck::Event e = parser.next(); e != kcheck::Event::kEnd; e = parser.next()) {
    if (e == kcheck::Event::kError) REQUIRE(parser.recover());
    if (e == kcheck::Event::kSample) {
      families += std::string(parser.family().name) + ":" + std::string(parser.sample().name) + " ";
    }
  }
  CHECK(families == "h:h_count g:g h:h_bucket ");
}
