// A KrakenD-shaped payload of any number of series, in either format, for the tests that
// compare N and 4N samples of the same families (allocations per sample).
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

#include "kcheck/parse.hpp"

namespace kcheck::test {

constexpr std::string_view kHistograms[] = {
    "http_server_duration",   "http_client_duration",     "krakend_backend_duration",
    "krakend_proxy_duration", "http_server_request_size", "http_server_response_size",
};
constexpr std::string_view kBounds[] = {"0.005", "0.01", "0.025", "0.05", "0.075",
                                        "0.1",   "0.25", "0.5",   "0.75", "1",
                                        "2.5",   "5",    "7.5",   "10",   "+Inf"};

inline std::string padded(std::size_t i) {
  std::string s = std::to_string(i);
  return std::string(s.size() < 4 ? 4 - s.size() : 0, '0') + s;
}

/// The labels of series `i` without `le`: ten with `le`, as KrakenD's OpenTelemetry
/// exporter writes them. Every third series has a value with each escape; the escaped
/// values have the same length in every series so that the buffers warm up identically.
inline std::string series_labels(std::size_t i) {
  std::string s = "http_request_method=\"GET\",http_response_status_code=\"200\",";
  s += "http_route=\"/users/{id}\",krakend_endpoint_method=\"GET\",";
  s += "krakend_endpoint_route=\"/api/v1/resource/" + padded(i) + "\",";
  s += "otel_scope_name=\"io.krakend.krakend-otel\",";
  s += i % 3 == 0 ? R"(otel_scope_version="v\"2\\4\n",)" : R"(otel_scope_version="",)";
  s += "server_address=\"backend-" + padded(i) + ".internal\",server_port=\"8080\"";
  return s;
}

/// `series` series in each of the same families: 6 histograms of 15 buckets (17 lines per
/// series), a counter and a gauge; HELP texts with escapes; OpenMetrics buckets carry an
/// exemplar now and then and the text ends with # EOF.
inline std::string krakend_shaped_payload(kcheck::Format format, std::size_t series) {
  const bool om = format == kcheck::Format::kOpenMetrics;
  std::string out;
  for (const std::string_view family : kHistograms) {
    const std::string name(family);
    out += "# HELP " + name +
           (om ? R"( Duration \"of\" a \\ request\nin seconds)"
               : R"( Duration "of" a \\ request\nin seconds)");
    out += "\n# TYPE " + name + " histogram\n";
    for (std::size_t i = 0; i < series; ++i) {
      const std::string labels = series_labels(i);
      std::size_t cumulative = 0;
      for (const std::string_view le : kBounds) {
        cumulative += i % 7 + 1;
        out += name + "_bucket{" + labels + ",le=\"" + std::string(le) + "\"} " +
               std::to_string(cumulative);
        if (om && le == "0.1" && i % 2 == 0) {
          out += R"( # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 0.0625 1700000000.25)";
        }
        out += '\n';
      }
      out += name + "_sum{" + labels + "} 12.625\n";
      out += name + "_count{" + labels + "} " + std::to_string(cumulative) + "\n";
    }
  }
  const std::string counter = "http_client_request_started_count";
  out += "# HELP " + counter + (om ? "" : "_total") + " Requests started \\\\ so far\n";
  out += "# TYPE " + counter + (om ? "" : "_total") + " counter\n";
  for (std::size_t i = 0; i < series; ++i) {
    out += counter + "_total{" + series_labels(i) + "} " + std::to_string(1000 + i) + "\n";
  }
  out += "# HELP go_goroutines Number of goroutines that currently exist.\n";
  out += "# TYPE go_goroutines gauge\n";
  for (std::size_t i = 0; i < series; ++i) {
    out += "go_goroutines{instance=\"" + padded(i) + "\"} 42\n";
  }
  if (om) out += "# EOF\n";
  return out;
}

constexpr std::size_t kFamilies = std::size(kHistograms) + 2;
constexpr std::size_t kSamplesPerSeries = std::size(kHistograms) * (std::size(kBounds) + 2) + 2;

}  // namespace kcheck::test
