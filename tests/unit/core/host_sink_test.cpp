// HostSink: the C++ Sink seen from the host's C callbacks.
#include "core/host_sink.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace kcheck;

namespace {

struct Seen {
  std::vector<std::string> calls;
  std::vector<std::string> tags;
  bool null_data = false;
  kcheck_metric metric{};
  kcheck_histogram_bucket bucket{};
  kcheck_service_check service_check{};
};

std::string text(kcheck_str s) {
  return s.data == nullptr ? std::string("<null>") : std::string(s.data, s.size);
}

void note_views(Seen& seen, const kcheck_str* tags, std::size_t count,
                std::initializer_list<kcheck_str> views) {
  for (std::size_t i = 0; i < count; ++i) seen.tags.push_back(text(tags[i]));
  for (const auto& v : views) seen.null_data = seen.null_data || v.data == nullptr;
}

void on_metric(void* ctx, const kcheck_metric* m) {
  auto& s = *static_cast<Seen*>(ctx);
  s.calls.push_back("metric " + text(m->name));
  s.metric = *m;
  note_views(s, m->tags, m->tag_count, {m->name, m->hostname});
}
void on_service_check(void* ctx, const kcheck_service_check* sc) {
  auto& s = *static_cast<Seen*>(ctx);
  s.calls.push_back("service_check " + text(sc->name) + " " + text(sc->message));
  s.service_check = *sc;
  note_views(s, sc->tags, sc->tag_count, {sc->name, sc->hostname, sc->message});
}
void on_bucket(void* ctx, const kcheck_histogram_bucket* b) {
  auto& s = *static_cast<Seen*>(ctx);
  s.calls.push_back("bucket " + text(b->name));
  s.bucket = *b;
  note_views(s, b->tags, b->tag_count, {b->name, b->hostname});
}
void on_log(void* ctx, kcheck_log_level level, kcheck_str message) {
  static_cast<Seen*>(ctx)->calls.push_back("log " + std::to_string(level) + " " + text(message));
}

kcheck_host_callbacks callbacks(bool with_log) {
  kcheck_host_callbacks cb{};
  cb.struct_size = sizeof(cb);
  cb.submit_metric = on_metric;
  cb.submit_service_check = on_service_check;
  cb.submit_histogram_bucket = on_bucket;
  cb.log = with_log ? on_log : nullptr;
  return cb;
}

}  // namespace

TEST_CASE("a metric reaches the host with its type, value, tags and flags", "[core][host_sink]") {
  Seen seen;
  HostSink sink(callbacks(true), &seen);
  const std::vector<std::string_view> tags{"a:b", "endpoint:http://x"};
  sink.submit_metric("m.count", SubmitType::kMonotonicCount, 42.5, tags, "gw1", true);
  REQUIRE(seen.calls == std::vector<std::string>{"metric m.count"});
  CHECK(seen.metric.struct_size == sizeof(kcheck_metric));
  CHECK(seen.metric.type == KCHECK_METRIC_MONOTONIC_COUNT);
  CHECK(seen.metric.value == 42.5);
  CHECK(seen.metric.flush_first_value == 1u);
  CHECK(seen.metric.reserved == 0u);
  CHECK(text(seen.metric.hostname) == "gw1");
  CHECK(seen.tags == std::vector<std::string>{"a:b", "endpoint:http://x"});
}

TEST_CASE("empty strings reach the host as empty views with non-NULL data", "[core][host_sink]") {
  Seen seen;
  HostSink sink(callbacks(true), &seen);
  const std::vector<std::string_view> tags{std::string_view()};
  sink.submit_metric(std::string_view(), SubmitType::kGauge, 1, tags, std::string_view(), false);
  sink.submit_service_check("h", CheckStatus::kOk, {}, std::string_view(), std::string_view());
  CHECK_FALSE(seen.null_data);
  CHECK(seen.tags == std::vector<std::string>{""});
  CHECK(seen.service_check.tags == nullptr);  // no tags: NULL with count 0
  CHECK(seen.service_check.tag_count == 0);
}

TEST_CASE("non-finite metric values never reach the host", "[core][host_sink]") {
  const double v =
      GENERATE(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
               -std::numeric_limits<double>::infinity());
  Seen seen;
  HostSink sink(callbacks(true), &seen);
  sink.submit_metric("m", SubmitType::kGauge, v, {}, "", false);
  CHECK(seen.calls.empty());
}

TEST_CASE("service checks and histogram buckets carry every field", "[core][host_sink]") {
  Seen seen;
  HostSink sink(callbacks(true), &seen);
  sink.submit_service_check("health", CheckStatus::kCritical, {}, "", "refused");
  sink.submit_histogram_bucket("h", 7, -std::numeric_limits<double>::infinity(), 0.5, true, {}, "",
                               true);
  CHECK(seen.calls == std::vector<std::string>{"service_check health refused", "bucket h"});
  CHECK(seen.service_check.status == KCHECK_SERVICE_CHECK_CRITICAL);
  CHECK(seen.bucket.struct_size == sizeof(kcheck_histogram_bucket));
  CHECK(seen.bucket.value == 7);
  CHECK(std::isinf(seen.bucket.lower_bound));
  CHECK(seen.bucket.upper_bound == 0.5);
  CHECK(seen.bucket.monotonic == 1u);
  CHECK(seen.bucket.flush_first_value == 1u);
}

TEST_CASE("logs go to the host's log callback, and nowhere when it has none", "[core][host_sink]") {
  Seen seen;
  HostSink with_log(callbacks(true), &seen);
  with_log.log(LogLevel::kWarning, "careful");
  CHECK(seen.calls == std::vector<std::string>{"log 30 careful"});
  Seen quiet;
  HostSink without_log(callbacks(false), &quiet);
  without_log.log(LogLevel::kError, "dropped");
  CHECK(quiet.calls.empty());
}
