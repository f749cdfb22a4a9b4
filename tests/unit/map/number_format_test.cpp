// Bound and quantile tag values spelled as Datadog spells them (contract, section 3).
#include "map/number_format.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

using kcheck::map::format_datadog_number;
using kcheck::map::parse_label_number;

namespace {

// The label text as an exporter prints it -> the tag value Datadog prints.
std::string spell(const std::string& label) {
  const auto v = parse_label_number(label);
  REQUIRE(v.has_value());
  return format_datadog_number(*v);
}

}  // namespace

TEST_CASE("the contract's examples of bounds and quantiles are spelled like Datadog", "[format]") {
  const auto [label, expected] = GENERATE(table<std::string, std::string>({
      {"0.01", "0.01"},
      {"1", "1.0"},
      {"10", "10.0"},
      {"1.048576e+06", "1048576.0"},
      {"6.7108864e+07", "67108864.0"},
      {"0.25", "0.25"},
      {"0", "0"},
      {"+Inf", "inf"},
      {"-Inf", "-inf"},
  }));
  CAPTURE(label);
  CHECK(spell(label) == expected);
}

TEST_CASE("numbers outside 1e-4 <= |x| < 1e16 use a signed two-digit exponent", "[format]") {
  const auto [value, expected] = GENERATE(table<double, std::string>({
      {1e-05, "1e-05"},
      {1e16, "1e+16"},
      {1.5e16, "1.5e+16"},
      {2.5e-07, "2.5e-07"},
      {9.223372036854776e+18, "9.223372036854776e+18"},
      {1e100, "1e+100"},
      {-3e-05, "-3e-05"},
  }));
  CAPTURE(value);
  CHECK(format_datadog_number(value) == expected);
}

TEST_CASE("numbers inside 1e-4 <= |x| < 1e16 use fixed notation with shortest digits", "[format]") {
  const auto [value, expected] = GENERATE(table<double, std::string>({
      {1e-4, "0.0001"},
      {0.000403875, "0.000403875"},
      {0.075, "0.075"},
      {3.5, "3.5"},
      {128, "128.0"},
      {9999999999999998.0, "9999999999999998.0"},
      {123456.789, "123456.789"},
      {-2, "-2.0"},
      {-0.5, "-0.5"},
      {0.1 + 0.2, "0.30000000000000004"},
  }));
  CAPTURE(value);
  CHECK(format_datadog_number(value) == expected);
}

TEST_CASE("zero of either sign is spelled 0 and NaN nan", "[format]") {
  CHECK(format_datadog_number(0.0) == "0");
  CHECK(format_datadog_number(-0.0) == "0");
  CHECK(format_datadog_number(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

TEST_CASE("label numbers accept the spellings exporters use", "[format]") {
  CHECK(parse_label_number("+Inf") == std::numeric_limits<double>::infinity());
  CHECK(parse_label_number("inf") == std::numeric_limits<double>::infinity());
  CHECK(parse_label_number("-Infinity") == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(*parse_label_number("NaN")));
  CHECK(parse_label_number("+0.5") == 0.5);
  CHECK(parse_label_number(" 2 ") == 2.0);
  CHECK(parse_label_number(".5") == 0.5);
  CHECK(parse_label_number("1e3") == 1000.0);
}

TEST_CASE("label numbers reject text that is not a number", "[format]") {
  const std::string text = GENERATE("", "+", "abc", "1.0x", "0x10", "--1", "1 2");
  CAPTURE(text);
  CHECK_FALSE(parse_label_number(text).has_value());
}
