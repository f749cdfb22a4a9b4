// Whole-pipeline throughput without the network: parse + map + submit of the generated
// ~10 MB KrakenD payload into a Sink that only counts, with the default instance options.
//
// Reproduce (Release, numbers in docs/benchmarks.md):
//   cmake --preset bench && cmake --build --preset bench --target map_bench
//   build/bench/tests/bench/map_bench --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "bench_input.hpp"
#include "config/config.hpp"
#include "counting_sink.hpp"
#include "map/krakend_map.hpp"

namespace kcheck::bench {
namespace {

using test::CountingSink;

config::InstanceConfig default_instance() {
  config::InstanceConfig c;
  c.http.endpoint = "http://localhost:9090/metrics";
  return c;
}

void bm_map(benchmark::State& state, Format format) {
  const std::string& payload = krakend_payload(format).text;
  map::Mapper mapper(default_instance());
  CountingSink sink;
  // Two untimed runs for correctness, the submission count and the allocation report: the
  // first (cold) run grows the mapper's reusable buffers, the second is what every later run
  // of the instance allocates.
  AllocScope cold_scope;
  const Status first = mapper.map_payload(payload, format, sink);
  const AllocStats cold = cold_scope.stop();
  if (!first.ok()) {
    state.SkipWithError(("map_payload failed: " + first.message()).c_str());
    return;
  }
  const std::size_t per_run = sink.submissions;
  AllocScope warm_scope;
  const Status second = mapper.map_payload(payload, format, sink);
  const AllocStats warm = warm_scope.stop();
  if (!second.ok()) {
    state.SkipWithError(("map_payload failed: " + second.message()).c_str());
    return;
  }
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
  benchmark::DoNotOptimize(sink.bytes);
  report_allocations(state, warm);
  state.counters["first_run_allocs"] = static_cast<double>(cold.allocations);
  state.counters["first_run_alloc_bytes"] = static_cast<double>(cold.bytes);
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
