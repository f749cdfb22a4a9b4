// What tests/data/map/krakend_small.prom holds, spelled out once for the option tests.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "map_test_support.hpp"

namespace kcheck::test::small {

/// Series submitted from krakend_small.prom with default options (counted by hand: summary 5,
/// go gauges 3, alloc counter 1, client counter 1, client histogram 3 + 2, server histogram
/// 2 x (3 + 2), otel_scope_info 1, process 2; the NaN gauge, +Inf buckets, the unmapped family
/// and target_info are not submitted).
inline constexpr std::size_t kSeries = 28;

/// Sample lines of the file (target_info and the unmapped family included).
inline constexpr std::size_t kSamples = 34;

/// target_info's tags and the endpoint: on every series with default options.
inline std::vector<std::string> common() {
  return {"deployment_environment:staging", "krakend.service_name:krakend-gateway",
          "krakend.service_version:1.0.0", std::string(kEndpointTag)};
}

/// The labels of the server series A (200, /api/valid) with code_class.
inline std::vector<std::string> server_a() {
  return {"http_request_method:GET", "http_response_status_code:200",
          "http_route:/api/valid",   "otel_scope_name:io.krakend.krakend-otel",
          "otel_scope_version:",     "url_scheme:http",
          "code_class:2XX"};
}

/// The labels of the server series B (500, /api/invalid) with code_class.
inline std::vector<std::string> server_b() {
  return {"http_request_method:GET", "http_response_status_code:500",
          "http_route:/api/invalid", "otel_scope_name:io.krakend.krakend-otel",
          "otel_scope_version:",     "url_scheme:http",
          "code_class:5XX"};
}

/// Sorted concatenation of tag lists.
inline std::vector<std::string> tags(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kcheck::test::small
