// Inputs shared by the benchmark executables: the generated KrakenD payloads (built once per
// process) and files named by the environment, plus the allocation report of one run.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "alloc_counter.hpp"
#include "krakend_payload.hpp"

namespace kcheck::bench {

/// Unsigned value of environment variable `name`, or `fallback` when unset or not a number.
inline std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return (end != nullptr && *end == '\0') ? n : fallback;
}

/// The generated payload of `format`: BENCH_PAYLOAD_BYTES (default 10 MiB), BENCH_SEED (1).
inline const Payload& krakend_payload(Format format) {
  static const auto make = [](Format f) {
    PayloadOptions o;
    o.target_bytes = env_number("BENCH_PAYLOAD_BYTES", o.target_bytes);
    o.seed = env_number("BENCH_SEED", o.seed);
    o.format = f;
    return make_krakend_payload(o);
  };
  static const Payload prom = make(Format::kPrometheus);
  static const Payload om = make(Format::kOpenMetrics);
  return format == Format::kPrometheus ? prom : om;
}

/// Publishes an allocation report as per-run counters (not rates).
inline void report_allocations(benchmark::State& state, const AllocStats& a) {
  state.counters["allocs_per_run"] = static_cast<double>(a.allocations);
  state.counters["alloc_bytes_per_run"] = static_cast<double>(a.bytes);
  state.counters["peak_heap_per_run"] = static_cast<double>(a.peak_bytes);
}

}  // namespace kcheck::bench
