// Whole-pipeline throughput without the network: parse + map + submit of the generated
// ~10 MB KrakenD payload into a Sink that only counts, with the default instance options.
//
// Reproduce (Release, numbers in docs/benchmarks.md):
//   cmake --preset bench && cmake --build --preset bench --target map_bench
//   build/bench/tests/bench/map_bench --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "bench_input.hpp"
#include "config/config.hpp"
#include "core/sink.hpp"
#include "map/krakend_map.hpp"

namespace kcheck::bench {
namespace {

// Counts and reads what it is given (as a host copying the strings would), keeps nothing.
class CountingSink final : public Sink {
 public:
  std::size_t submissions = 0;
  std::size_t tag_bytes = 0;

  void submit_metric(std::string_view name, SubmitType, double,
                     std::span<const std::string_view> tags, std::string_view, bool) override {
    count(name, tags);
  }
  void submit_service_check(std::string_view name, CheckStatus,
                            std::span<const std::string_view> tags, std::string_view,
                            std::string_view) override {
    count(name, tags);
  }
  void submit_histogram_bucket(std::string_view name, int64_t, double, double, bool,
                               std::span<const std::string_view> tags, std::string_view,
                               bool) override {
    count(name, tags);
  }
  void log(LogLevel, std::string_view) override {}

 private:
  void count(std::string_view name, std::span<const std::string_view> tags) {
    ++submissions;
    tag_bytes += name.size();
    for (std::string_view t : tags) tag_bytes += t.size();
  }
};

config::InstanceConfig default_instance() {
  config::InstanceConfig c;
  c.http.endpoint = "http://localhost:9090/metrics";
  return c;
}

void bm_map(benchmark::State& state, Format format) {
  const std::string& payload = krakend_payload(format).text;
  map::Mapper mapper(default_instance());
  CountingSink sink;
  // One untimed run for correctness, the submission count and the allocation report.
  AllocScope scope;
  const Status first = mapper.map_payload(payload, format, sink);
  const AllocStats allocs = scope.stop();
  if (!first.ok()) {
    state.SkipWithError(("map_payload failed: " + first.message()).c_str());
    return;
  }
  const std::size_t per_run = sink.submissions;
  for (auto _ : state) {
    Status s = mapper.map_payload(payload, format, sink);
    benchmark::DoNotOptimize(s);
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(payload.size()));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(per_run));
  state.counters["submissions"] = benchmark::Counter(
      static_cast<double>(per_run) * static_cast<double>(iterations), benchmark::Counter::kIsRate);
  state.counters["submissions_per_run"] = static_cast<double>(per_run);
  benchmark::DoNotOptimize(sink.tag_bytes);
  report_allocations(state, allocs);
}

}  // namespace
}  // namespace kcheck::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RegisterBenchmark("BM_Map_KrakenD_Prom", kcheck::bench::bm_map,
                               kcheck::Format::kPrometheus)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Map_KrakenD_OpenMetrics", kcheck::bench::bm_map,
                               kcheck::Format::kOpenMetrics)
      ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
