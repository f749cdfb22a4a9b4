// A deterministic, seedable generator of KrakenD-shaped expositions for the benchmarks:
// the families, label sets, histogram bounds and number spelling of KrakenD's OpenTelemetry
// Prometheus exporter, scaled to any size by adding endpoints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "kcheck/parse.hpp"

namespace kcheck::bench {

/// What to generate.
struct PayloadOptions {
  std::size_t target_bytes = std::size_t{10} << 20;  ///< approximate size of the result
  std::uint64_t seed = 1;                            ///< same seed, same bytes
  Format format = Format::kPrometheus;               ///< 0.0.4, or OpenMetrics 1.0 with # EOF
};

/// A generated exposition and what it holds.
struct Payload {
  std::string text;
  std::size_t samples = 0;            ///< sample lines
  std::size_t histogram_samples = 0;  ///< _bucket, _sum and _count lines of histograms
  std::size_t bucket_samples = 0;     ///< _bucket lines
  std::size_t families = 0;
  std::size_t endpoints = 0;  ///< KrakenD endpoints it describes (what scales the size)
};

/// Generates the payload: go_/histogram/counter/process_ families sorted by name,
/// target_info last. Prometheus text has no final newline, like KrakenD's.
Payload make_krakend_payload(const PayloadOptions& options);

}  // namespace kcheck::bench
