// THE KrakenD map as data: one row per raw family. Everything else (lookup, the go_/process_
// filters, docs/metrics.md) is derived from this table, so there is one place to change.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace kcheck::map {

/// How a family's samples are submitted (section 3 of the contract).
enum class Kind : std::uint8_t {
  kGauge,      ///< one gauge per sample
  kCounter,    ///< `<name>.count` monotonic_count of the `_total` line
  kHistogram,  ///< `<name>.bucket` / `.sum` / `.count` monotonic_count
  kSummary,    ///< `<name>.quantile` gauge, `.sum` / `.count` monotonic_count
};

/// The label set KrakenD attaches to a family (documentation only).
enum class LabelSet : std::uint8_t {
  kNone,
  kServer,      ///< router layer (http_server_*)
  kProxy,       ///< endpoint pipe (krakend_proxy_*)
  kBackend,     ///< backend layer (krakend_backend_*)
  kClient,      ///< HTTP client of a backend (http_client_*)
  kClientRead,  ///< body reader of a backend (http_client_response_read_*)
  kScope,       ///< otel_scope_info
  kGoInfo,      ///< go_info
  kQuantile,    ///< summaries
};

/// Where a family comes from (documentation only).
enum class Origin : std::uint8_t {
  kKrakend,  ///< KrakenD's OpenTelemetry layers, default metric names
  kSemconv,  ///< KrakenD with `semantic_convention: "1.27"` (not in Datadog's map)
  kGo,       ///< Go runtime collector (dropped by go_metrics: false)
  kProcess,  ///< process collector (dropped by process_metrics: false)
};

/// One row of the map: raw family (counters without `_total`) -> name after the namespace.
struct MapEntry {
  std::string_view raw;
  Kind kind;
  std::string_view name;
  std::string_view unit;  ///< unit of the observed quantity: "second", "byte", "percent" or ""
  LabelSet labels;
  Origin origin;
  std::string_view description;
};

/// The whole table, in documentation order.
std::span<const MapEntry> krakend_map_table() noexcept;

/// Lower-case name of a kind ("gauge", "counter", "histogram", "summary").
std::string_view kind_name(Kind kind) noexcept;

}  // namespace kcheck::map
