// What bounds a run of the mapper: the scrape limits (a payload over one submits nothing; the
// defaults at their own numbers), cancellation before the first submission, NaN bucket bounds,
// bucket counts beyond int64, target_info of any size, and the memory one huge run leaves
// behind.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "heap_usage.hpp"
#include "kcheck/cancel.hpp"
#include "map_test_support.hpp"

namespace {

using kcheck::CancelToken;
using kcheck::Format;
using kcheck::StatusCode;
using kcheck::config::InstanceConfig;
using kcheck::map::Mapper;
using kcheck::test::default_instance;
using kcheck::test::map_once;
using kcheck::test::RecordingSink;

// A gauge family with `samples` series, each with `labels` labels of `value_size` bytes.
std::string gauges(std::size_t samples, std::size_t labels = 1, std::size_t value_size = 1) {
  std::string s = "# TYPE krakend_gauge gauge\n";
  const std::string value(value_size, 'v');
  for (std::size_t i = 0; i < samples; ++i) {
    s += "krakend_gauge{id=\"" + std::to_string(i) + "\"";
    for (std::size_t l = 1; l < labels; ++l) s += ",l" + std::to_string(l) + "=\"" + value + "\"";
    s += "} 1\n";
  }
  return s;
}

// Counts submissions without keeping them, so that memory measured is the mapper's.
class CountingOnly final : public kcheck::Sink {
 public:
  std::size_t submissions = 0;
  void submit_metric(std::string_view, kcheck::SubmitType, double,
                     std::span<const std::string_view>, std::string_view, bool) override {
    ++submissions;
  }
  void submit_service_check(std::string_view, kcheck::CheckStatus,
                            std::span<const std::string_view>, std::string_view,
                            std::string_view) override {}
  void submit_histogram_bucket(std::string_view, std::int64_t, double, double, bool,
                               std::span<const std::string_view>, std::string_view, bool) override {
    ++submissions;
  }
  void log(kcheck::LogLevel, std::string_view) override {}
};

InstanceConfig collecting_gauges() {
  InstanceConfig c = default_instance();
  c.map.extra_metrics.push_back({"krakend_gauge", false, "gauge", ""});
  return c;
}

// About 64 MiB (the default max_body_size) of `line` repeated, then one gauge sample.
std::string repeated_lines(std::string_view line) {
  std::string s;
  s.reserve((64u << 20) + 64);
  while (s.size() < (64u << 20)) s.append(line);
  s += "# TYPE krakend_gauge gauge\nkrakend_gauge{id=\"0\"} 1\n";
  return s;
}

// One run of `payload` cancelled from another thread `delay` after it began: its status, what it
// submitted, and how long after cancel() it returned.
struct CancelledRun {
  kcheck::Status status;
  std::size_t submissions = 0;
  std::chrono::duration<double, std::milli> latency{};
};

CancelledRun cancel_during_run(const InstanceConfig& config, const std::string& payload,
                               std::chrono::microseconds delay) {
  CancelToken token;
  RecordingSink sink;
  Mapper mapper(config);
  std::atomic<std::chrono::steady_clock::rep> cancelled_at{0};
  std::thread canceller([&] {
    std::this_thread::sleep_for(delay);
    cancelled_at = std::chrono::steady_clock::now().time_since_epoch().count();
    token.cancel();
  });
  CancelledRun out;
  out.status = mapper.map_payload(payload, Format::kPrometheus, sink, &token);
  const auto returned = std::chrono::steady_clock::now();
  canceller.join();
  out.submissions = sink.metrics.size() + sink.service_checks;
  out.latency = returned - std::chrono::steady_clock::time_point(
                               std::chrono::steady_clock::duration(cancelled_at.load()));
  return out;
}

}  // namespace

TEST_CASE("Each scrape limit fails the run, names the family and line, and submits nothing",
          "[map][limits]") {
  struct Case {
    const char* name;
    void (*set)(InstanceConfig&);
    std::string payload;
    std::string message;
  };
  const std::string big_name = "l" + std::string(40, 'n');
  const Case cases[] = {
      {"sample_limit", [](InstanceConfig& c) { c.map.limits.sample_limit = 3; }, gauges(4),
       "sample_limit exceeded: more than 3 samples, the next of family \"krakend_gauge\" at "
       "line 5 (limit 3)"},
      {"label_limit", [](InstanceConfig& c) { c.map.limits.label_limit = 4; }, gauges(2, 5),
       "label_limit exceeded: 5 labels on a sample of family \"krakend_gauge\" at line 2 "
       "(limit 4)"},
      {"label_name_length_limit",
       [](InstanceConfig& c) { c.map.limits.label_name_length_limit = 40; },
       "# TYPE krakend_gauge gauge\nkrakend_gauge{" + big_name + "=\"x\"} 1\n",
       "label_name_length_limit exceeded: a label name of 41 bytes on a sample of family "
       "\"krakend_gauge\" at line 2 (limit 40)"},
      {"label_value_length_limit",
       [](InstanceConfig& c) { c.map.limits.label_value_length_limit = 9; }, gauges(3, 2, 10),
       "label_value_length_limit exceeded: label \"l1\" has a value of 10 bytes on a sample of "
       "family \"krakend_gauge\" at line 2 (limit 9)"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    InstanceConfig config = collecting_gauges();
    c.set(config);
    const auto r = map_once(config, c.payload);
    CHECK(r.status.code() == StatusCode::kResourceExhausted);
    CHECK(r.status.message() == c.message);
    CHECK(r.sink.metrics.empty());
  }
}

TEST_CASE("A payload exactly at each limit passes, and 0 disables a limit", "[map][limits]") {
  InstanceConfig at = collecting_gauges();
  at.map.limits = {3, 2, 2, 1};
  CHECK(map_once(at, gauges(3, 2, 1)).sink.count("krakend.api.gauge") == 3);

  InstanceConfig off = collecting_gauges();
  off.map.limits = {0, 0, 0, 0};
  const auto r = map_once(off, gauges(5, 300, 70'000));
  REQUIRE(r.status.ok());
  CHECK(r.sink.count("krakend.api.gauge") == 5);
}

TEST_CASE("The line of a limit error is counted in what the endpoint sent", "[map][limits]") {
  InstanceConfig c = collecting_gauges();
  c.map.limits.label_limit = 1;
  c.map.raw_line_filters = {"^# HELP"};
  const auto r = map_once(c, "# HELP a\n# HELP b\n" + gauges(1, 2));
  CHECK(r.status.message() ==
        "label_limit exceeded: 2 labels on a sample of family \"krakend_gauge\" at line 4 "
        "(limit 1)");
}

TEST_CASE("The default label_limit refuses a 2 MB line of 100 000 labels", "[map][limits]") {
  const std::string payload = gauges(1, 100'000, 12);
  REQUIRE(payload.size() > 2'000'000);
  const auto r = map_once(collecting_gauges(), payload);
  CHECK(r.status.message() ==
        "label_limit exceeded: 100000 labels on a sample of family \"krakend_gauge\" at line 2 "
        "(limit 128)");
}

TEST_CASE("The default scrape limits are Prometheus' numbers", "[map][limits]") {
  const kcheck::config::ScrapeLimits defaults;
  CHECK(defaults.sample_limit == 1'000'000);
  CHECK(defaults.label_limit == 128);
  CHECK(defaults.label_name_length_limit == 1'024);
  CHECK(defaults.label_value_length_limit == 65'536);
}

TEST_CASE("By default 1 000 000 samples pass and 1 000 001 fail, naming sample_limit",
          "[map][limits]") {
  const std::string payload = gauges(1'000'001);
  // The same text without its last line: exactly the limit.
  const std::string_view at_limit(payload.data(), payload.rfind('\n', payload.size() - 2) + 1);
  {
    CountingOnly sink;
    Mapper mapper(collecting_gauges());
    const auto status = mapper.map_payload(payload, Format::kPrometheus, sink);
    CHECK(status.code() == StatusCode::kResourceExhausted);
    CHECK(status.message() ==
          "sample_limit exceeded: more than 1000000 samples, the next of family "
          "\"krakend_gauge\" at line 1000002 (limit 1000000)");
    CHECK(sink.submissions == 0);
  }
  CountingOnly sink;
  Mapper mapper(collecting_gauges());
  REQUIRE(mapper.map_payload(at_limit, Format::kPrometheus, sink).ok());
  CHECK(sink.submissions == 1'000'000);
}

TEST_CASE("By default a label count, name or value one over the limit fails, at it passes",
          "[map][limits]") {
  const auto named = [](std::size_t name_size) {
    return "# TYPE krakend_gauge gauge\nkrakend_gauge{" + std::string(name_size, 'n') +
           "=\"x\"} 1\n";
  };
  struct Case {
    const char* name;
    std::string at_limit;
    std::string over;
    std::string message;
  };
  const Case cases[] = {
      {"label_limit", gauges(1, 128), gauges(1, 129),
       "label_limit exceeded: 129 labels on a sample of family \"krakend_gauge\" at line 2 "
       "(limit 128)"},
      {"label_name_length_limit", named(1'024), named(1'025),
       "label_name_length_limit exceeded: a label name of 1025 bytes on a sample of family "
       "\"krakend_gauge\" at line 2 (limit 1024)"},
      {"label_value_length_limit", gauges(1, 2, 65'536), gauges(1, 2, 65'537),
       "label_value_length_limit exceeded: label \"l1\" has a value of 65537 bytes on a sample "
       "of family \"krakend_gauge\" at line 2 (limit 65536)"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const auto over = map_once(collecting_gauges(), c.over);
    CHECK(over.status.code() == StatusCode::kResourceExhausted);
    CHECK(over.status.message() == c.message);
    CHECK(over.sink.metrics.empty());
    const auto at = map_once(collecting_gauges(), c.at_limit);
    CHECK(at.status.ok());
    CHECK(at.sink.count("krakend.api.gauge") == 1);
  }
}

TEST_CASE("With every limit off a 2 MB line of 100 000 labels maps in one series",
          "[map][limits]") {
  const std::string payload = gauges(1, 100'000, 12);
  InstanceConfig config = collecting_gauges();
  config.map.limits = {0, 0, 0, 0};
  const auto started = std::chrono::steady_clock::now();
  const auto r = map_once(config, payload);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  WARN("one line of 100 000 labels (" << payload.size() << " bytes) mapped in " << took.count()
                                      << " s: " << r.status.message());
  REQUIRE(r.status.ok());
  const auto gauge = r.sink.find("krakend.api.gauge");
  REQUIRE(gauge.size() == 1);
  CHECK(gauge[0]->tags.size() == 100'000 + 1);  // every label and the endpoint
  CHECK(gauge[0]->has_tag("l99999:" + std::string(12, 'v')));
  // Linear in the labels (a hash index finds duplicates): well under a second in Debug. The
  // bound only catches a return of the quadratic check (minutes), sanitizers included.
  CHECK(took.count() < 10.0);
}

TEST_CASE("A run cancelled before it submits returns cancelled with nothing submitted",
          "[map][cancel]") {
  CancelToken token;
  token.cancel();
  RecordingSink sink;
  Mapper mapper(collecting_gauges());
  const auto status = mapper.map_payload(gauges(1000), Format::kPrometheus, sink, &token);
  CHECK(status.code() == StatusCode::kCancelled);
  CHECK(status.message() == "run cancelled");
  CHECK(sink.metrics.empty());
  // The next run, not cancelled, submits everything: the mapper keeps no half state.
  token.reset();
  REQUIRE(mapper.map_payload(gauges(1000), Format::kPrometheus, sink, &token).ok());
  CHECK(sink.count("krakend.api.gauge") == 1000);
}

TEST_CASE("A cancel from another thread never leaves half a run submitted", "[map][cancel]") {
  const std::string payload = gauges(200'000);
  for (int delay_us : {0, 500, 5'000, 50'000}) {
    const CancelledRun run =
        cancel_during_run(collecting_gauges(), payload, std::chrono::microseconds(delay_us));
    INFO("cancel after " << delay_us << " us: " << run.status.message());
    if (run.status.code() == StatusCode::kCancelled) {
      CHECK(run.submissions == 0);
    } else {
      REQUIRE(run.status.ok());
      CHECK(run.submissions == 200'000);
    }
  }
}

TEST_CASE("A cancel reaches lines that make no parser event within 64 KiB of payload",
          "[map][cancel]") {
  struct Case {
    const char* name;
    std::string line;
    std::vector<std::string> raw_line_filters;
  };
  const Case cases[] = {
      {"comment lines", "# a comment line, which the parser skips without an event\n", {}},
      {"blank lines", "\n", {}},
      {"lines raw_line_filters removes", "krakend_dropped{id=\"1\"} 1\n", {"^krakend_dropped"}},
  };
  for (const Case& c : cases) {
    InstanceConfig config = collecting_gauges();
    config.map.raw_line_filters = c.raw_line_filters;
    const std::string payload = repeated_lines(c.line);
    // The same payload uncancelled: how long the whole run takes in this build.
    RecordingSink whole;
    Mapper mapper(config);
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(mapper.map_payload(payload, Format::kPrometheus, whole).ok());
    const std::chrono::duration<double, std::milli> uncancelled =
        std::chrono::steady_clock::now() - started;
    REQUIRE(whole.count("krakend.api.gauge") == 1);

    const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(
        std::min<std::chrono::duration<double, std::milli>>(uncancelled / 4,
                                                            std::chrono::milliseconds(10)));
    const CancelledRun run = cancel_during_run(config, payload, delay);
    WARN(c.name << ": whole run " << uncancelled.count() << " ms; cancelled after " << delay.count()
                << " us, returned " << run.latency.count() << " ms after cancel()");
    CHECK(run.status.code() == StatusCode::kCancelled);
    CHECK(run.status.message() == "run cancelled");
    CHECK(run.submissions == 0);
    // A hang guard, not the timing claim (sanitizer builds are slower): the claim is 64 KiB of
    // payload, microseconds.
    CHECK(run.latency < std::chrono::seconds(2));
  }
}

TEST_CASE("Inside one 64 MiB line a cancel waits for a filter's search, not for the labels",
          "[map][cancel]") {
  const std::string gauge = "# TYPE krakend_gauge gauge\nkrakend_gauge{id=\"0\"} 1\n";
  std::string labels = "krakend_many{";
  for (std::size_t i = 0; labels.size() < (64u << 20); ++i) {
    labels += "l" + std::to_string(i) + "=\"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\",";
  }
  labels += "} 1\n";
  struct Case {
    const char* name;
    std::string payload;
    std::vector<std::string> raw_line_filters;
  };
  const Case cases[] = {
      // One RE2 search over the whole line, which cannot stop halfway: about 0.1 s (Debug).
      {"a 64 MiB label value that raw_line_filters reads whole",
       "krakend_dropped{id=\"" + std::string(64u << 20, 'x') + "\"} 1\n" + gauge,
       {"x{3}y"}},
      // About 1.2 million labels, seconds of lexing (2 s Release): looked at every 1 024.
      {"1.2 million labels", labels + gauge, {}},
  };
  for (const Case& c : cases) {
    InstanceConfig config = collecting_gauges();
    config.map.raw_line_filters = c.raw_line_filters;
    const CancelledRun run = cancel_during_run(config, c.payload, std::chrono::milliseconds(10));
    WARN(c.name << ": returned " << run.latency.count()
                << " ms after cancel(): " << run.status.message());
    CHECK(run.status.code() == StatusCode::kCancelled);
    CHECK(run.submissions == 0);
    CHECK(run.latency < std::chrono::seconds(2));
  }
}

TEST_CASE("A mapper whose buffers were released maps the next payload the same", "[map][memory]") {
  InstanceConfig c = collecting_gauges();
  c.map.non_cumulative_histogram_buckets = true;
  Mapper mapper(c);
  const std::string payload = gauges(50, 3) + kcheck::test::map_data("krakend_small.prom");
  RecordingSink first;
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, first).ok());
  mapper.release_memory();
  RecordingSink second;
  REQUIRE(mapper.map_payload(payload, Format::kPrometheus, second).ok());
  REQUIRE(first.metrics.size() == second.metrics.size());
  for (std::size_t i = 0; i < first.metrics.size(); ++i) {
    CHECK(first.metrics[i].name == second.metrics[i].name);
    CHECK(first.metrics[i].value == second.metrics[i].value);
    CHECK(first.metrics[i].tags == second.metrics[i].tags);
  }
}

TEST_CASE("A bucket with a NaN bound is dropped, counted and said", "[map][histogram]") {
  InstanceConfig c = collecting_gauges();
  c.map.non_cumulative_histogram_buckets = true;
  c.map.telemetry = true;
  const std::string payload =
      "# TYPE http_server_duration histogram\n"
      "http_server_duration_bucket{le=\"0.1\"} 1\n"
      "http_server_duration_bucket{le=\"NaN\"} 7\n"
      "http_server_duration_bucket{le=\"1\"} 3\n"
      "http_server_duration_bucket{le=\"+Inf\"} 4\n"
      "http_server_duration_sum 2\n"
      "http_server_duration_count 4\n";
  const auto r = map_once(c, payload);
  REQUIRE(r.status.ok());
  const auto buckets = r.sink.find("krakend.api.http_server.duration.bucket");
  REQUIRE(buckets.size() == 2);
  CHECK(buckets[0]->value == 1);
  CHECK(buckets[1]->value == 2);  // 3 - 1: the NaN bucket is not in the order
  CHECK(buckets[1]->has_tag("lower_bound:0.1"));
  const auto ignored = r.sink.find("krakend.api.telemetry.metrics.ignored.count");
  REQUIRE(ignored.size() == 1);
  CHECK(ignored[0]->value == 1);
  REQUIRE(r.sink.warnings.size() == 1);
  CHECK(r.sink.warnings[0] ==
        "dropped 1 histogram bucket(s) with le=\"NaN\" (first in family "
        "\"http_server_duration\"): a bucket needs a numeric bound");
}

TEST_CASE("Distribution bucket counts beyond int64 are clamped and said", "[map][histogram]") {
  InstanceConfig c = default_instance();
  c.map.histogram_buckets_as_distributions = true;
  const std::string payload =
      "# TYPE http_server_duration histogram\n"
      "http_server_duration_bucket{le=\"0.1\"} 1e19\n"
      "http_server_duration_bucket{le=\"+Inf\"} 3e19\n"
      "http_server_duration_sum 2\n"
      "http_server_duration_count 3e19\n";
  const auto r = map_once(c, payload);
  REQUIRE(r.status.ok());
  const auto points = r.sink.find("krakend.api.http_server.duration");
  REQUIRE(points.size() == 2);
  for (const auto* p : points) CHECK(p->value == static_cast<double>(INT64_MAX));
  REQUIRE(r.sink.warnings.size() == 1);
  CHECK(r.sink.warnings[0] == "clamped 2 histogram bucket count(s) beyond the int64 range");
}

TEST_CASE("target_info with many labels gives one tag per label, the last value winning",
          "[map][tags]") {
  std::string info = "# TYPE target_info gauge\ntarget_info{";
  for (int i = 0; i < 5'000; ++i) info += (i ? ",t" : "t") + std::to_string(i) + "=\"a\"";
  info += "} 1\ntarget_info{t7=\"b\",id=\"from-target\"} 1\n";
  InstanceConfig c = collecting_gauges();
  c.map.limits.label_limit = 0;
  const auto r = map_once(c, gauges(1) + info);
  REQUIRE(r.status.ok());
  const auto gauge = r.sink.find("krakend.api.gauge");
  REQUIRE(gauge.size() == 1);
  CHECK(gauge[0]->has_tag("t7:b"));
  CHECK_FALSE(gauge[0]->has_tag("t7:a"));
  CHECK(gauge[0]->has_tag("t4999:a"));
  // target_info's id shadows the sample's (contract §4), through the many-label key set.
  CHECK(gauge[0]->has_tag("id:from-target"));
  CHECK_FALSE(gauge[0]->has_tag("id:0"));
  CHECK(gauge[0]->tags.size() == 5'000 + 1 + 1);  // the target_info labels, id, endpoint
}

namespace {

// A mapper that keeps a filtered copy of the payload too (raw_line_filters), after one small run.
struct FilteringMapper {
  Mapper mapper{[] {
    InstanceConfig config = collecting_gauges();
    config.map.raw_line_filters = {"^# HELP"};
    return config;
  }()};

  FilteringMapper() { small_run(); }

  void small_run() {
    RecordingSink sink;
    REQUIRE(mapper.map_payload(gauges(100), Format::kPrometheus, sink).ok());
  }
  // ~30 MB of tags in the mapper, the payload freed before this returns.
  void huge_run() {
    const std::string huge = gauges(300'000, 3, 40);
    CountingOnly counting;
    REQUIRE(mapper.map_payload(huge, Format::kPrometheus, counting).ok());
    CHECK(counting.submissions == 300'000);
  }
};

struct HeapKept {
  std::size_t before = 0;     ///< after a small run
  std::size_t peak_kept = 0;  ///< after a huge one
  std::size_t after = 0;      ///< after `then`
};

// Live heap around a huge run and then `then` (`then_name` says what it is, for the report).
template <typename Then>
HeapKept heap_kept(FilteringMapper& m, const char* then_name, Then then) {
  HeapKept h;
  h.before = kcheck::test::live_heap_bytes();
  m.huge_run();
  h.peak_kept = kcheck::test::live_heap_bytes();
  then();
  h.after = kcheck::test::live_heap_bytes();
  WARN("heap in use (" << kcheck::test::live_heap_source() << "): before " << h.before / 1024
                       << " KiB, after the huge run " << h.peak_kept / 1024 << " KiB, after "
                       << then_name << " " << h.after / 1024 << " KiB");
  return h;
}

}  // namespace

TEST_CASE("Memory grown by one huge run is given back once runs are small again", "[map][memory]") {
  if (!kcheck::test::kHeapMeasured) {
    WARN("not measured: no heap figure in this build");
    return;
  }
  FilteringMapper m;
  const HeapKept h = heap_kept(m, "a small run", [&] { m.small_run(); });
  CHECK(h.peak_kept > h.before + (8u << 20));  // the huge run did keep memory...
  CHECK(h.after < h.before + (2u << 20));      // ...which the small run gave back
}

TEST_CASE("release_memory gives back all a huge run kept, the filtered payload included",
          "[map][memory]") {
  if (!kcheck::test::kHeapMeasured) {
    WARN("not measured: no heap figure in this build");
    return;
  }
  FilteringMapper m;
  const HeapKept h = heap_kept(m, "release_memory", [&] { m.mapper.release_memory(); });
  CHECK(h.peak_kept > h.before + (8u << 20));
  CHECK(h.after < h.before + (1u << 20));
  m.small_run();  // and the mapper still works
}
