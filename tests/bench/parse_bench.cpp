// Parser throughput (bytes/s, samples/s) and allocations per parse.
//
// Reproduce (Release, numbers in docs/benchmarks.md):
//   cmake --preset bench && cmake --build --preset bench --target parse_bench
//   build/bench/tests/bench/parse_bench --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
// Another file (BENCH_FORMAT=prom|openmetrics, default prom):
//   BENCH_FILE=/path/metrics.txt build/bench/tests/bench/parse_bench --benchmark_filter=File
//
// BM_Parse_KrakenD_*: the generated ~10 MB KrakenD-shaped payload (krakend_payload.hpp);
// *_PortableClassifier forces the compile-time line classifier (SSE2; NEON on arm64) where
// the CPU would use AVX2; *_ScalarClassifier the byte-at-a-time one (what the vector ones
// save). Under qemu (preset arm64, docs/benchmarks.md) the numbers say nothing of speed.
// BM_Parse_File_*: Prometheus' own benchmark inputs from ../shared/bench-data (the files
// behind upstream's published PromParser figure), or BENCH_FILE when set.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "bench_input.hpp"
#include "kcheck/parse.hpp"
#include "line_classify.hpp"
#include "shared_data.hpp"

namespace kcheck::bench {
namespace {

struct ParseOutcome {
  std::size_t samples = 0;
  double checksum = 0;  // consumed so that the parse cannot be optimised away
  bool ok = true;
  std::string error;
};

// What a consumer minimally does: pull every event, read the value and the label count.
ParseOutcome parse_all(std::string_view input, Format format) {
  ParseOutcome r;
  Parser p(input, format);
  for (;;) {
    const Event ev = p.next();
    if (ev == Event::kSample) {
      ++r.samples;
      r.checksum += p.sample().value + static_cast<double>(p.sample().labels.size());
    } else if (ev == Event::kEnd) {
      return r;
    } else if (ev == Event::kError) {
      r.ok = false;
      r.error = p.error().to_string(input);
      return r;
    }
  }
}

void run_parse(benchmark::State& state, std::string_view input, Format format) {
  // One untimed parse for correctness and the allocation report.
  AllocScope scope;
  const ParseOutcome first = parse_all(input, format);
  const AllocStats allocs = scope.stop();
  if (!first.ok) {
    state.SkipWithError(("input does not parse: " + first.error).c_str());
    return;
  }
  for (auto _ : state) {
    ParseOutcome r = parse_all(input, format);
    benchmark::DoNotOptimize(r.checksum);
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(input.size()));
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(first.samples));
  state.counters["samples"] =
      benchmark::Counter(static_cast<double>(first.samples) * static_cast<double>(iterations),
                         benchmark::Counter::kIsRate);
  state.counters["input_bytes"] = static_cast<double>(input.size());
  report_allocations(state, allocs);
}

void bm_krakend(benchmark::State& state, Format format) {
  run_parse(state, krakend_payload(format).text, format);
}

// The same with another line classifier for the fast lexer: the portable one (SSE2, NEON)
// is what CPUs without AVX2 run; the default picks AVX2 where the CPU has it.
void bm_krakend_with(benchmark::State& state, Format format, parse::ClassifyLineFn classify) {
  parse::use_line_classifier(classify);
  run_parse(state, krakend_payload(format).text, format);
  parse::use_line_classifier(nullptr);
}

void bm_file(benchmark::State& state, std::string path, Format format) {
  static std::string held_path;
  static std::string held;
  if (held_path != path) {
    auto bytes = kcheck::test::read_file(path);
    if (!bytes) {
      state.SkipWithError(
          ("cannot read " + path + " (needs ../shared or $KCHECK_SHARED_DIR, or set BENCH_FILE)")
              .c_str());
      return;
    }
    held = std::move(*bytes);
    held_path = path;
  }
  run_parse(state, held, format);
}

void register_all() {
  benchmark::RegisterBenchmark("BM_Parse_KrakenD_Prom", bm_krakend, Format::kPrometheus)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Parse_KrakenD_OpenMetrics", bm_krakend, Format::kOpenMetrics)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Parse_KrakenD_Prom_PortableClassifier", bm_krakend_with,
                               Format::kPrometheus, parse::classify_line_portable)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Parse_KrakenD_Prom_ScalarClassifier", bm_krakend_with,
                               Format::kPrometheus, parse::classify_line_scalar)
      ->Unit(benchmark::kMillisecond);

  const char* file = std::getenv("BENCH_FILE");
  if (file != nullptr && *file != '\0') {
    const char* fmt = std::getenv("BENCH_FORMAT");
    const Format format = (fmt != nullptr && std::string_view(fmt) == "openmetrics")
                              ? Format::kOpenMetrics
                              : Format::kPrometheus;
    benchmark::RegisterBenchmark("BM_Parse_File_Env", bm_file, std::string(file), format)
        ->Unit(benchmark::kMicrosecond);
    return;
  }
  // The default path is used even when ../shared is absent: its benchmarks then report why.
  const auto shared = kcheck::test::shared_dir();
  const std::string dir = (shared ? shared->string() : std::string(KCHECK_SHARED_DIR_DEFAULT)) +
                          "/bench-data/prometheus-textparse/";
  benchmark::RegisterBenchmark("BM_Parse_File_Alltypes237Prom", bm_file,
                               dir + "alltypes.237mfs.prom.txt", Format::kPrometheus)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_Parse_File_Alltypes237NoMetaProm", bm_file,
                               dir + "alltypes.237mfs.nometa.prom.txt", Format::kPrometheus)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_Parse_File_Alltypes5OpenMetrics", bm_file,
                               dir + "alltypes.5mfs.om.txt", Format::kOpenMetrics)
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace
}  // namespace kcheck::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  kcheck::bench::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
