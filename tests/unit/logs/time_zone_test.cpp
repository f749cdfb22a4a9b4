// KrakenD's zone-less local times read in `log_timezone`: fixed offsets, the system tz
// database (DST both ways, gaps and overlaps) and the errors users see.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "logs/civil_time.hpp"
#include "logs_driver.hpp"

using kcheck::logs::CivilTime;
using kcheck::logs::TimeZone;

namespace {

/// The UTC time (RFC 3339) of local wall-clock `t` in `zone`.
std::string utc_of(const std::string& zone, CivilTime t) {
  const auto tz = TimeZone::load(zone);
  REQUIRE(tz.ok());
  char out[kcheck::logs::kRfc3339MsSize];
  kcheck::logs::format_rfc3339_ms(tz->to_utc_ms(t), out);
  return std::string(out, sizeof out);
}

}  // namespace

TEST_CASE("local times convert to UTC in the configured zone", "[logs][timezone]") {
  struct Row {
    std::string zone;
    CivilTime local;
    std::string utc;
  };
  const auto row = GENERATE(values<Row>({
      {"UTC", {2024, 1, 17, 11, 24, 25, 7}, "2024-01-17T11:24:25.007Z"},
      {"+02:00", {2024, 1, 17, 1, 0, 0, 0}, "2024-01-16T23:00:00.000Z"},
      {"-05:30", {2024, 12, 31, 20, 0, 0, 999}, "2025-01-01T01:30:00.999Z"},
      {"Europe/Madrid", {2024, 1, 17, 11, 24, 25, 0}, "2024-01-17T10:24:25.000Z"},
      {"Europe/Madrid", {2024, 7, 17, 11, 24, 25, 0}, "2024-07-17T09:24:25.000Z"},
      {"America/New_York", {2024, 7, 4, 12, 0, 0, 0}, "2024-07-04T16:00:00.000Z"},
      // 02:30 does not exist on 2024-03-31 in Madrid: read with the offset before the gap.
      {"Europe/Madrid", {2024, 3, 31, 2, 30, 0, 0}, "2024-03-31T01:30:00.000Z"},
      // 02:30 happens twice on 2024-10-27: the first (summer time) is taken.
      {"Europe/Madrid", {2024, 10, 27, 2, 30, 0, 0}, "2024-10-27T00:30:00.000Z"},
      {"Asia/Kolkata", {1970, 1, 1, 5, 30, 0, 0}, "1970-01-01T00:00:00.000Z"},
  }));
  INFO(row.zone);
  CHECK(utc_of(row.zone, row.local) == row.utc);
}

TEST_CASE("a log's zone-less times are read in the parser's zone", "[logs][timezone]") {
  const auto tz = TimeZone::load("Europe/Madrid");
  REQUIRE(tz.ok());
  // The logstash pattern's `+00:00` is a literal: the time is local like the others.
  CHECK(kcheck::logstest::records(
            "2024/07/17 11:24:25 KRAKEND INFO: a\n"
            R"({"@timestamp":"2024-07-17T11:24:25.250+00:00", "@version": 1, "level": "INFO", )"
            R"("message": "b", "module": "KRAKEND"})"
            "\n",
            {&tz.value()}) ==
        R"({"timestamp":"2024-07-17T09:24:25.000Z","status":"info","message":"a",)"
        R"("logger":{"name":"krakend"},"krakend":{"format":"basic"}})"
        "\n"
        R"({"timestamp":"2024-07-17T09:24:25.250Z","status":"info","message":"b",)"
        R"("logger":{"name":"krakend"},"krakend":{"format":"logstash"}})"
        "\n");
}

TEST_CASE("an unknown or unsafe zone name is refused with the reason", "[logs][timezone]") {
  struct Row {
    std::string name;
    std::string message;
  };
  const auto row = GENERATE(values<Row>({
      {"Mars/Olympus",
       "unknown time zone 'Mars/Olympus': cannot read /usr/share/zoneinfo/Mars/Olympus"},
      {"../../etc/passwd",
       "unknown time zone '../../etc/passwd': expected UTC, an offset such as +02:00 or an IANA "
       "name such as Europe/Madrid"},
      {"+25:00",
       "unknown time zone '+25:00': expected UTC, an offset such as +02:00 or an IANA name "
       "such as Europe/Madrid"},
      {"",
       "unknown time zone '': expected UTC, an offset such as +02:00 or an IANA name such as "
       "Europe/Madrid"},
  }));
  const auto tz = TimeZone::load(row.name);
  REQUIRE_FALSE(tz.ok());
  CHECK(tz.status().message() == row.message);
}

TEST_CASE("a file that is not TZif is refused", "[logs][timezone]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kcheck-tz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "Bad");
  std::ofstream(dir / "Bad" / "Zone", std::ios::binary) << "TZif2" << std::string(60, '\xff');
  const auto tz = TimeZone::load("Bad/Zone", dir.string());
  std::filesystem::remove_all(dir);
  REQUIRE_FALSE(tz.ok());
  CHECK(tz.status().message() == "unknown time zone 'Bad/Zone': " + (dir / "Bad/Zone").string() +
                                     " is not a valid TZif file");
}

TEST_CASE("RFC 3339 output covers the calendar and clamps outside years 1..9999",
          "[logs][timezone]") {
  struct Row {
    std::int64_t ms;
    std::string text;
  };
  const auto row = GENERATE(values<Row>({
      {0, "1970-01-01T00:00:00.000Z"},
      {-1, "1969-12-31T23:59:59.999Z"},
      {951782400000, "2000-02-29T00:00:00.000Z"},
      {253402300799999, "9999-12-31T23:59:59.999Z"},
      {INT64_MAX, "9999-12-31T23:59:59.999Z"},
      {INT64_MIN, "0001-01-01T00:00:00.000Z"},
  }));
  char out[kcheck::logs::kRfc3339MsSize];
  kcheck::logs::format_rfc3339_ms(row.ms, out);
  CHECK(std::string(out, sizeof out) == row.text);
}
