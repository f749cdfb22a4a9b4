// The header as C++, and its 1.0 layout pinned field by field: a change here is an ABI break.
#include <catch2/catch.hpp>
#include <cstddef>

#include "kcheck.h"

namespace {

#if UINTPTR_MAX == UINT64_MAX
static_assert(offsetof(kcheck_metric, type) == 4);
static_assert(offsetof(kcheck_metric, name) == 8);
static_assert(offsetof(kcheck_metric, value) == 24);
static_assert(offsetof(kcheck_metric, tags) == 32);
static_assert(offsetof(kcheck_metric, tag_count) == 40);
static_assert(offsetof(kcheck_metric, hostname) == 48);
static_assert(offsetof(kcheck_metric, flush_first_value) == 64);
static_assert(offsetof(kcheck_service_check, status) == 4);
static_assert(offsetof(kcheck_service_check, name) == 8);
static_assert(offsetof(kcheck_service_check, tags) == 24);
static_assert(offsetof(kcheck_service_check, hostname) == 40);
static_assert(offsetof(kcheck_service_check, message) == 56);
static_assert(offsetof(kcheck_histogram_bucket, monotonic) == 4);
static_assert(offsetof(kcheck_histogram_bucket, value) == 24);
static_assert(offsetof(kcheck_histogram_bucket, lower_bound) == 32);
static_assert(offsetof(kcheck_histogram_bucket, upper_bound) == 40);
static_assert(offsetof(kcheck_histogram_bucket, tags) == 48);
static_assert(offsetof(kcheck_histogram_bucket, hostname) == 64);
static_assert(offsetof(kcheck_histogram_bucket, flush_first_value) == 80);
static_assert(offsetof(kcheck_host_callbacks, submit_metric) == 8);
static_assert(offsetof(kcheck_host_callbacks, log) == 32);
static_assert(offsetof(kcheck_host_callbacks, submit_log) == 40);  // 1.1
static_assert(offsetof(kcheck_log_record, timestamp_ms) == 8);
static_assert(offsetof(kcheck_log_record, json) == 16);
static_assert(offsetof(kcheck_log_record, message) == 32);
static_assert(offsetof(kcheck_config, instance_index) == 4);
static_assert(offsetof(kcheck_config, init_config) == 8);
static_assert(offsetof(kcheck_config, instance) == 24);
static_assert(offsetof(kcheck_plugin_api, plugin_name) == 16);
static_assert(offsetof(kcheck_plugin_api, create) == 48);
static_assert(offsetof(kcheck_plugin_api, status_name) == 88);
#endif

}  // namespace

TEST_CASE("status codes are pinned to their 1.0 numbers", "[abi][header]") {
  CHECK(KCHECK_STATUS_OK == 0);
  CHECK(KCHECK_STATUS_INVALID_ARGUMENT == 1);
  CHECK(KCHECK_STATUS_UNAVAILABLE == 2);
  CHECK(KCHECK_STATUS_DEADLINE_EXCEEDED == 3);
  CHECK(KCHECK_STATUS_CANCELLED == 4);
  CHECK(KCHECK_STATUS_RESOURCE_EXHAUSTED == 5);
  CHECK(KCHECK_STATUS_DATA_LOSS == 6);
  CHECK(KCHECK_STATUS_INTERNAL == 7);
  CHECK(KCHECK_STATUS_FAILED_PRECONDITION == 8);
  CHECK(KCHECK_STATUS_BUSY == 9);
}

TEST_CASE("metric types, service check statuses and log levels use the Datadog Agent's numbers",
          "[abi][header]") {
  CHECK(KCHECK_METRIC_GAUGE == 0);
  CHECK(KCHECK_METRIC_RATE == 1);
  CHECK(KCHECK_METRIC_COUNT == 2);
  CHECK(KCHECK_METRIC_MONOTONIC_COUNT == 3);
  CHECK(KCHECK_METRIC_COUNTER == 4);
  CHECK(KCHECK_METRIC_HISTOGRAM == 5);
  CHECK(KCHECK_METRIC_HISTORATE == 6);
  CHECK(KCHECK_SERVICE_CHECK_OK == 0);
  CHECK(KCHECK_SERVICE_CHECK_WARNING == 1);
  CHECK(KCHECK_SERVICE_CHECK_CRITICAL == 2);
  CHECK(KCHECK_SERVICE_CHECK_UNKNOWN == 3);
  CHECK(KCHECK_LOG_TRACE == 7);
  CHECK(KCHECK_LOG_DEBUG == 10);
  CHECK(KCHECK_LOG_INFO == 20);
  CHECK(KCHECK_LOG_WARNING == 30);
  CHECK(KCHECK_LOG_ERROR == 40);
  CHECK(KCHECK_LOG_CRITICAL == 50);
}

TEST_CASE("KCHECK_HAS_FIELD tells whether a producer's struct contains a field", "[abi][header]") {
  kcheck_histogram_bucket b{};
  b.struct_size = static_cast<uint32_t>(offsetof(kcheck_histogram_bucket, flush_first_value));
  CHECK_FALSE(KCHECK_HAS_FIELD(&b, kcheck_histogram_bucket, flush_first_value));
  CHECK(KCHECK_HAS_FIELD(&b, kcheck_histogram_bucket, hostname));
  b.struct_size = 0xFFFFFFFFu;  // a much newer producer
  CHECK(KCHECK_HAS_FIELD(&b, kcheck_histogram_bucket, reserved));
}
