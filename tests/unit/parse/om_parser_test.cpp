// OpenMetrics 1.0: grammar, family rules and the semantic checks, on the project's own
// inputs (the upstream compliance suite runs separately in tests/conformance).
#include <catch2/catch.hpp>
#include <string>

#include "transcript.hpp"

namespace {

using kcheck::Format;
using kcheck::test::outcome;
using kcheck::test::transcript;
using Case = kcheck::test::TranscriptCase;

}  // namespace

TEST_CASE("OpenMetrics families own the samples their type names", "[parse][om]") {
  const Case c = GENERATE(values<Case>({
      {"a counter owns _total and _created",
       "# TYPE c counter\n# UNIT c \n# HELP c Help.\nc_total 1\nc_created 1.5e9\n# EOF\n",
       "family c counter help=Help.\nsample c_total _total {} 1\n"
       "sample c_created _created {} 1.5e+09\nend"},
      {"a histogram owns _bucket, _count, _sum and _created",
       "# TYPE h_seconds histogram\n# UNIT h_seconds seconds\n"
       "h_seconds_bucket{le=\"0.1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\n"
       "h_seconds_count 2\nh_seconds_sum 0.3\nh_seconds_created 7\n# EOF\n",
       "family h_seconds histogram unit=seconds\n"
       "sample h_seconds_bucket _bucket {le=\"0.1\"} 1\n"
       "sample h_seconds_bucket _bucket {le=\"+Inf\"} 2\n"
       "sample h_seconds_count _count {} 2\nsample h_seconds_sum _sum {} 0.3\n"
       "sample h_seconds_created _created {} 7\nend"},
      {"a gauge histogram owns _bucket, _gcount and _gsum",
       "# TYPE g gaugehistogram\ng_bucket{le=\"+Inf\"} 2\ng_gcount 2\ng_gsum 3\n# EOF\n",
       "family g gaugehistogram\nsample g_bucket _bucket {le=\"+Inf\"} 2\n"
       "sample g_gcount _gcount {} 2\nsample g_gsum _gsum {} 3\nend"},
      {"a summary owns its quantiles, _count, _sum and _created",
       "# TYPE s summary\ns{quantile=\"0.5\"} NaN\ns_count 0\ns_sum 0\ns_created 1\n# EOF\n",
       "family s summary\nsample s - {quantile=\"0.5\"} NaN\nsample s_count _count {} 0\n"
       "sample s_sum _sum {} 0\nsample s_created _created {} 1\nend"},
      {"an info family owns _info", "# TYPE i info\ni_info{v=\"1.0\"} 1\n# EOF\n",
       "family i info\nsample i_info _info {v=\"1.0\"} 1\nend"},
      {"a stateset family samples carry a label named after the family",
       "# TYPE st stateset\nst{st=\"a\"} 1\nst{st=\"b\"} 0\n# EOF\n",
       "family st stateset\nsample st - {st=\"a\"} 1\nsample st - {st=\"b\"} 0\nend"},
      {"unknown is a type, and samples without metadata are unknown",
       "# TYPE u unknown\nu 1\nv 2\n# EOF\n",
       "family u unknown\nsample u - {} 1\nfamily v unknown\nsample v - {} 2\nend"},
      {"metadata only, in any order", "# HELP a x\n# UNIT a \n# TYPE a gauge\n# EOF\n",
       "family a gauge help=x\nend"},
      {"timestamps are seconds, exemplars follow a ' # '",
       "# TYPE c counter\nc_total 1 123.5 # {id=\"x\"} 0.5 124\nc_total 2 124 # {} 1\n# EOF\n",
       "family c counter\nsample c_total _total {} 1 @123.5 # {id=\"x\"} 0.5 @124\n"
       "sample c_total _total {} 2 @124 # {} 1\nend"},
      {"'# EOF' may end the input without a newline", "a 1\n# EOF",
       "family a unknown\nsample a - {} 1\nend"},
      {"equal timestamps in a series are fine", "a 1 5\na 2 5\n# EOF\n",
       "family a unknown\nsample a - {} 1 @5\nsample a - {} 2 @5\nend"},
      {"a series may repeat its labels in another order",
       "# TYPE h histogram\nh_bucket{a=\"1\",le=\"+Inf\"} 1\nh_count{a=\"1\"} 1\n"
       "h_sum{a=\"1\"} 1\nh_bucket{le=\"+Inf\",b=\"2\"} 1\n# EOF\n",
       "family h histogram\nsample h_bucket _bucket {a=\"1\",le=\"+Inf\"} 1\n"
       "sample h_count _count {a=\"1\"} 1\nsample h_sum _sum {a=\"1\"} 1\n"
       "sample h_bucket _bucket {le=\"+Inf\",b=\"2\"} 1\nend"},
      {"values beyond double's range are infinities or signed zeros, exemplars' too",
       "g{a=\"1\"} 1e400\ng{a=\"2\"} -1e400\ng{a=\"3\"} -1e-400\n"
       "# TYPE c counter\nc_total 1 # {} 1e400\n# EOF\n",
       "family g unknown\nsample g - {a=\"1\"} +Inf\nsample g - {a=\"2\"} -Inf\n"
       "sample g - {a=\"3\"} -0\nfamily c counter\nsample c_total _total {} 1 # {} +Inf\nend"},
  }));
  INFO(c.what);
  CHECK(transcript(c.input, Format::kOpenMetrics) == c.expected);
}

TEST_CASE("OpenMetrics grammar errors name what was expected", "[parse][om]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"", "error: line 1 col 1: expected '# EOF' at end of input"},
      {"a 1\n", "error: line 2 col 1: expected '# EOF' at end of input"},
      {"a 1\n\n# EOF\n",
       "error: line 2 col 1: expected a sample or '#' line, not a blank line near '\\n'"},
      {"a 1\n# EOF\n\n", "error: line 3 col 1: expected end of input after '# EOF' near '\\n'"},
      {"# EOF \n", "error: line 1 col 6: expected end of line after '# EOF' near ' \\n'"},
      {"# comment\n# EOF\n",
       "error: line 1 col 3: expected HELP, TYPE, UNIT or EOF after '# ' near 'comment\\n'"},
      {"#TYPE a gauge\n# EOF\n",
       "error: line 1 col 2: expected ' ' after '#' near 'TYPE a gauge\\n'"},
      {"# TYPE a untyped\n# EOF\n",
       "error: line 1 col 10: expected counter, gauge, histogram, gaugehistogram, stateset, info, "
       "summary or unknown near 'untyped\\n'"},
      {"# UNIT a_s s x\n# EOF\n",
       "error: line 1 col 13: expected end of line after unit near ' x\\n'"},
      {"# HELP a \xc3\n# EOF\n",
       "error: line 1 col 10: expected valid UTF-8 in HELP text near '\\xc3\\n'"},
      {" a 1\n# EOF\n", "error: line 1 col 1: expected metric name near ' a 1\\n'"},
      {"a  1\n# EOF\n", "error: line 1 col 3: expected value near ' 1\\n'"},
      {"a\t1\n# EOF\n",
       "error: line 1 col 2: expected '{' or ' ' after metric name near '\\t1\\n'"},
      {"a{b=\"1\", c=\"2\"} 1\n# EOF\n",
       "error: line 1 col 9: expected label name near ' c=\"2\"} 1\\n'"},
      {"a{b=\"1\",} 1\n# EOF\n", "error: line 1 col 9: expected label name near '} 1\\n'"},
      {"a{b=\"1\"}1\n# EOF\n", "error: line 1 col 9: expected ' ' after labels near '1\\n'"},
      {"a 1 \n# EOF\n", "error: line 1 col 5: expected timestamp near '\\n'"},
      {"a 1 1e\n# EOF\n", "error: line 1 col 5: expected a number as timestamp near '1e\\n'"},
      {"a 1 Inf\n# EOF\n", "error: line 1 col 5: expected a number as timestamp near 'Inf\\n'"},
      {"a 1 2 3\n# EOF\n", "error: line 1 col 7: expected '#' to start an exemplar near '3\\n'"},
      {"a_total 1 #{} 1\n# EOF\n", "error: line 1 col 12: expected ' ' after '#' near '{} 1\\n'"},
      {"a_total 1 # x\n# EOF\n",
       "error: line 1 col 13: expected '{' to open exemplar labels near 'x\\n'"},
      {"a_total 1 # {}\n# EOF\n",
       "error: line 1 col 15: expected ' ' after exemplar labels near '\\n'"},
      {"a_total 1 # {} x\n# EOF\n",
       "error: line 1 col 16: expected a number as exemplar value near 'x\\n'"},
      {"a_total 1 # {} 1 NaN\n# EOF\n",
       "error: line 1 col 18: expected a number as exemplar timestamp near 'NaN\\n'"},
  }));
  INFO(input);
  CHECK(outcome(input, Format::kOpenMetrics) == expected);
}

TEST_CASE("OpenMetrics semantic rules reject well-formed but invalid expositions", "[parse][om]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"# TYPE a gauge\n# TYPE a gauge\n# EOF\n",
       "error: line 2 col 1: expected one TYPE line for 'a' near '# TYPE a gauge\\n'"},
      {"# UNIT a_s s\n# UNIT a_s s\n# EOF\n",
       "error: line 2 col 1: expected one UNIT line for 'a_s' near '# UNIT a_s s\\n'"},
      {"a 1\n# HELP a x\n# EOF\n",
       "error: line 2 col 1: expected HELP for 'a' before its samples near '# HELP a x\\n'"},
      {"# UNIT a seconds\n# EOF\n",
       "error: line 1 col 1: expected metric name to end with '_seconds' near '# UNIT a "
       "seconds\\n'"},
      {"# TYPE a_u info\n# UNIT a_u u\n# EOF\n",
       "error: line 2 col 1: expected no UNIT for an info or stateset family near '# UNIT a_u "
       "u\\n'"},
      {"# TYPE a counter\na 1\n# EOF\n",
       "error: line 2 col 1: expected a new family name, 'a' belongs to an earlier family near "
       "'a 1\\n'"},
      {"a 1\nb 1\na 2\n# EOF\n",
       "error: line 3 col 1: expected a new family name, 'a' belongs to an earlier family near "
       "'a 2\\n'"},
      {"a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 1\n# EOF\n",
       "error: line 3 col 1: expected the samples of a series to be contiguous near "
       "'a{x=\"1\"} 1\\n'"},
      {"a 1 2\na 1 1\n# EOF\n",
       "error: line 2 col 1: expected timestamps of a series not to go backwards near 'a 1 1\\n'"},
      {"a 1 2\na 1\n# EOF\n",
       "error: line 2 col 1: expected all samples of a series to have a timestamp, or none near "
       "'a 1\\n'"},
      {"# TYPE c counter\nc_total -1\n# EOF\n",
       "error: line 2 col 9: expected a non-negative _total value near '-1\\n'"},
      {"# TYPE c counter\nc_total NaN\n# EOF\n",
       "error: line 2 col 9: expected a number other than NaN as _total value near 'NaN\\n'"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# EOF\n",
       "error: line 2 col 1: expected a '+Inf' bucket in every histogram series near "
       "'h_bucket{le=\"1\"} 1\\n'"},
      {"# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\n# EOF\n",
       "error: line 3 col 1: expected buckets in increasing 'le' order near 'h_bucket{le=\"1\"} "
       "1\\n'"},
      {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n# EOF\n",
       "error: line 3 col 1: expected bucket values not to decrease near 'h_bucket{le=\"+Inf\"} '"},
      {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 2\nh_sum 1\n# EOF\n",
       "error: line 3 col 1: expected the count to equal the '+Inf' bucket near 'h_count 2\\n'"},
      {"# TYPE h histogram\nh_bucket{le=\"inf\"} 1\n# EOF\n",
       "error: line 2 col 1: expected a number or '+Inf' as 'le' label value near "
       "'h_bucket{le=\"inf\"} 1'"},
      {"# TYPE h histogram\nh_bucket{le=\"1e400\"} 1\n# EOF\n",  // only "+Inf" is infinite
       "error: line 2 col 1: expected a number or '+Inf' as 'le' label value near "
       "'h_bucket{le=\"1e400\"}'"},
      {"# TYPE h histogram\nh_bucket 1\n# EOF\n",
       "error: line 2 col 1: expected an 'le' label on a bucket near 'h_bucket 1\\n'"},
      {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\n# EOF\n",
       "error: line 3 col 1: expected _count with _sum near 'h_sum 1\\n'"},
      {"# TYPE h gaugehistogram\nh_bucket{le=\"+Inf\"} 1\nh_gsum -1\nh_gcount 1\n# EOF\n",
       "error: line 4 col 1: expected a non-negative _gsum without negative buckets near "
       "'h_gcount 1\\n'"},
      {"# TYPE s summary\ns{quantile=\"2\"} 1\n# EOF\n",
       "error: line 2 col 1: expected a 'quantile' label between 0 and 1 near "
       "'s{quantile=\"2\"} 1\\n'"},
      {"# TYPE i info\ni_info 2\n# EOF\n",
       "error: line 2 col 8: expected 1 as info value near '2\\n'"},
      {"# TYPE s stateset\ns{s=\"a\"} 0.5\n# EOF\n",
       "error: line 2 col 10: expected 0 or 1 as stateset value near '0.5\\n'"},
      {"# TYPE g gauge\ng 1 # {a=\"b\"} 1\n# EOF\n",
       "error: line 2 col 7: expected exemplars only on histogram buckets and counter _total "
       "samples near '{a=\"b\"} 1\\n'"},
      {"# TYPE c counter\nc_total 1 # {a=\"" + std::string(128, 'x') + "\"} 1\n# EOF\n",
       "error: line 2 col 13: expected exemplar labels of at most 128 characters near "
       "'{a=\"xxxxxxxxxxxxxxxx'"},
  }));
  INFO(input);
  CHECK(outcome(input, Format::kOpenMetrics) == expected);
}

TEST_CASE("Exemplar label length counts code points, not bytes", "[parse][om]") {
  // 'a' plus 127 code points of which the first takes three bytes: exactly 128.
  const std::string value = "\xe2\x98\x83" + std::string(126, 'x');
  const std::string input = "# TYPE c counter\nc_total 1 # {a=\"" + value + "\"} 1\n# EOF\n";
  CHECK(outcome(input, Format::kOpenMetrics) == "end");
}

TEST_CASE("A series is its labels without le, wherever le is and however they are written",
          "[parse][om]") {
  // The validator decides most "same series?" questions by comparing the label text of two
  // samples; these rows reach the cases where the texts differ or le is not last.
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      // le between other labels, the rest written alike: one series.
      {"# TYPE h histogram\nh_bucket{a=\"1\",le=\"1\",b=\"2\"} 1\n"
       "h_bucket{a=\"1\",le=\"+Inf\",b=\"2\"} 1\nh_count{a=\"1\",b=\"2\"} 1\n"
       "h_sum{a=\"1\",b=\"2\"} 1\n# EOF\n",
       "end"},
      // Only a label after le differs: two series, and the first one comes back.
      {"# TYPE h histogram\nh_bucket{a=\"1\",le=\"+Inf\",b=\"1\"} 1\n"
       "h_bucket{a=\"1\",le=\"+Inf\",b=\"2\"} 1\nh_bucket{a=\"1\",le=\"+Inf\",b=\"1\"} 1\n# EOF\n",
       "error: line 4 col 1: expected the samples of a series to be contiguous near "
       "'h_bucket{a=\"1\",le=\"+'"},
      // Escaped values differ only after unescaping.
      {"a{x=\"q\\\"1\"} 1\na{x=\"q\\\"2\"} 1\na{x=\"q\\\"1\"} 1\n# EOF\n",
       "error: line 3 col 1: expected the samples of a series to be contiguous near "
       "'a{x=\"q\\\\\"1\"} 1\\n'"},
      // The same labels in another order are the same series (its timestamps go back).
      {"a{x=\"1\",y=\"2\"} 1 5\na{y=\"2\",x=\"1\"} 1 4\n# EOF\n",
       "error: line 2 col 1: expected timestamps of a series not to go backwards near "
       "'a{y=\"2\",x=\"1\"} 1 4\\n'"},
      // The last label's value differs, the text before it does not.
      {"a{x=\"1\",y=\"2\"} 1\na{x=\"1\",y=\"3\"} 1\na{x=\"1\",y=\"2\"} 1\n# EOF\n",
       "error: line 3 col 1: expected the samples of a series to be contiguous near "
       "'a{x=\"1\",y=\"2\"} 1\\n'"},
      // A label of the same name with another value, then labels in another order: the
      // ordered walk stops at the first, the unordered one decides the second.
      {"a{x=\"1\",y=\"2\"} 1\na{x=\"2\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 1\n# EOF\n",
       "error: line 3 col 1: expected the samples of a series to be contiguous near "
       "'a{y=\"2\",x=\"1\"} 1\\n'"},
  }));
}

TEST_CASE("Bucket bounds are read anew when a series spells them otherwise", "[parse][om]") {
  // The validator remembers the bound at each position of a series' buckets; a series that
  // spells another bound at a position must still be checked with its own numbers.
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"# TYPE h histogram\nh_bucket{a=\"1\",le=\"1\"} 0\nh_bucket{a=\"1\",le=\"2\"} 0\n"
       "h_bucket{a=\"1\",le=\"+Inf\"} 0\nh_bucket{a=\"2\",le=\"1\"} 0\n"
       "h_bucket{a=\"2\",le=\"0.5\"} 0\nh_bucket{a=\"2\",le=\"+Inf\"} 0\n# EOF\n",
       "error: line 6 col 1: expected buckets in increasing 'le' order near "
       "'h_bucket{a=\"2\",le=\"0'"},
      {"# TYPE h histogram\nh_bucket{a=\"1\",le=\"1\"} 0\nh_bucket{a=\"1\",le=\"+Inf\"} 0\n"
       "h_bucket{a=\"2\",le=\"1\"} 0\nh_bucket{a=\"2\",le=\"1.0\"} 0\n"
       "h_bucket{a=\"2\",le=\"+Inf\"} 0\n# EOF\n",
       "error: line 5 col 1: expected buckets in increasing 'le' order near "
       "'h_bucket{a=\"2\",le=\"1'"},
      {"# TYPE h histogram\nh_bucket{a=\"1\",le=\"1\"} 0\nh_bucket{a=\"1\",le=\"+Inf\"} 0\n"
       "h_bucket{a=\"2\",le=\"1\"} 0\nh_bucket{a=\"2\",le=\"Inf\"} 0\n# EOF\n",
       "error: line 5 col 1: expected a number or '+Inf' as 'le' label value near "
       "'h_bucket{a=\"2\",le=\"I'"},
  }));
  INFO(input);
  CHECK(outcome(input, Format::kOpenMetrics) == expected);
}
