// Writes a generated KrakenD-shaped payload to stdout, for profiling, other tools, or
// BENCH_FILE:  krakend_payload_gen [prom|openmetrics] [BYTES] [SEED] > payload.txt
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "krakend_payload.hpp"

int main(int argc, char** argv) {
  kcheck::bench::PayloadOptions o;
  if (argc > 1 && std::string_view(argv[1]) == "openmetrics")
    o.format = kcheck::Format::kOpenMetrics;
  if (argc > 2) o.target_bytes = std::strtoull(argv[2], nullptr, 10);
  if (argc > 3) o.seed = std::strtoull(argv[3], nullptr, 10);
  const kcheck::bench::Payload p = kcheck::bench::make_krakend_payload(o);
  std::fwrite(p.text.data(), 1, p.text.size(), stdout);
  std::fprintf(
      stderr, "%zu bytes, %zu families, %zu samples (%zu histogram, %zu bucket), %zu endpoints\n",
      p.text.size(), p.families, p.samples, p.histogram_samples, p.bucket_samples, p.endpoints);
  return 0;
}
