#include "map/map_table.hpp"

#include <array>

namespace kcheck::map {

namespace {

using K = Kind;
using L = LabelSet;
using O = Origin;

// Section 2 of docs/metric-map.md, plus the semantic-convention families (section 2, last
// paragraph) that the reference drops. Counters are keyed without `_total`. Two rows may share
// a raw name when the payload declares it twice with different types (go_memstats_alloc_bytes:
// the gauge, and the `_total` counter).
constexpr std::array kTable = {
    // KrakenD router (server) layer.
    MapEntry{"http_server_duration", K::kHistogram, "http_server.duration", "second", L::kServer,
             O::kKrakend, "Time KrakenD took to serve a request, end to end."},
    MapEntry{"http_server_response_size", K::kHistogram, "http_server.response_size", "byte",
             L::kServer, O::kKrakend, "Size of the responses KrakenD sent to its clients."},
    // Endpoint pipe and backend layers.
    MapEntry{"krakend_proxy_duration", K::kHistogram, "proxy_duration", "second", L::kProxy,
             O::kKrakend, "Time spent in an endpoint's proxy pipe (all its backends, merging)."},
    MapEntry{"krakend_backend_duration", K::kHistogram, "backend_duration", "second", L::kBackend,
             O::kKrakend, "Time spent on one backend, including its data manipulation."},
    // HTTP client of the backends.
    MapEntry{"http_client_duration", K::kHistogram, "http_client.duration", "second", L::kClient,
             O::kKrakend, "Time until the first byte of a backend response."},
    MapEntry{"http_client_request_dns_duration", K::kHistogram, "http_client.request_dns_duration",
             "second", L::kClient, O::kKrakend, "Time spent resolving a backend's host name."},
    MapEntry{"http_client_request_get_conn_duration", K::kHistogram,
             "http_client.request_get_conn_duration", "second", L::kClient, O::kKrakend,
             "Time spent obtaining a connection to a backend."},
    MapEntry{"http_client_request_tls_duration", K::kHistogram, "http_client.request_tls_duration",
             "second", L::kClient, O::kKrakend, "Time spent on TLS handshakes with a backend."},
    MapEntry{"http_client_response_read_size_hist", K::kHistogram,
             "http_client.response_read_size_hist", "byte", L::kClientRead, O::kKrakend,
             "Bytes read from backend response bodies, per response."},
    MapEntry{"http_client_response_read_time_hist_seconds", K::kHistogram,
             "http_client.response_read_time_hist_seconds", "second", L::kClientRead, O::kKrakend,
             "Time spent reading backend response bodies, per response."},
    MapEntry{"http_client_response_size", K::kHistogram, "http_client.response_size", "byte",
             L::kClient, O::kKrakend, "Content-Length of backend responses."},
    MapEntry{"http_client_request_started_count", K::kCounter, "http_client.request_started", "",
             L::kClient, O::kKrakend, "Backend requests started."},
    MapEntry{"http_client_request_failed_count", K::kCounter, "http_client.request_failed", "",
             L::kClient, O::kKrakend, "Backend requests that failed (timeouts included)."},
    MapEntry{"http_client_request_canceled_count", K::kCounter, "http_client.request_canceled", "",
             L::kClient, O::kKrakend, "Backend requests canceled by the caller."},
    MapEntry{"http_client_request_timedout_count", K::kCounter, "http_client.request_timedout", "",
             L::kClient, O::kKrakend, "Backend requests that timed out."},
    MapEntry{"http_client_request_read_errors_count", K::kCounter,
             "http_client.request_read_errors", "", L::kClient, O::kKrakend,
             "Errors reading backend response bodies (not emitted by KrakenD 2.10)."},
    MapEntry{"http_client_request_size", K::kCounter, "http_client.request_size", "byte",
             L::kClient, O::kKrakend, "Content-Length of the requests sent to backends."},
    MapEntry{"http_client_response_no_content_length", K::kCounter,
             "http_client.response_no_content_length", "", L::kClient, O::kKrakend,
             "Backend responses without a Content-Length."},
    MapEntry{"http_client_response_read_size", K::kCounter, "http_client.response_read_size",
             "byte", L::kClientRead, O::kKrakend, "Bytes read from backend response bodies."},
    MapEntry{"http_client_response_read_time_seconds", K::kCounter,
             "http_client.response_read_time_seconds", "second", L::kClientRead, O::kKrakend,
             "Time spent reading backend response bodies."},
    // semantic_convention "1.27" (krakend-otel http/server/metrics.go and
    // http/client/transport_metrics.go; the Prometheus exporter appends the unit).
    MapEntry{"http_server_request_duration_seconds", K::kHistogram, "http_server.request_duration",
             "second", L::kServer, O::kSemconv, "Semconv 1.27 name of http_server.duration."},
    MapEntry{"http_server_request_body_size_bytes", K::kHistogram, "http_server.request_body_size",
             "byte", L::kServer, O::kSemconv,
             "Semconv 1.27 size of request bodies (standard name; KrakenD 2.10 does not emit "
             "it)."},
    MapEntry{"http_server_response_body_size_bytes", K::kHistogram,
             "http_server.response_body_size", "byte", L::kServer, O::kSemconv,
             "Semconv 1.27 name of http_server.response_size."},
    MapEntry{"http_client_request_duration_seconds", K::kHistogram, "http_client.request_duration",
             "second", L::kClient, O::kSemconv, "Semconv 1.27 name of http_client.duration."},
    MapEntry{"http_client_request_body_size_bytes", K::kHistogram, "http_client.request_body_size",
             "byte", L::kClient, O::kSemconv,
             "Semconv 1.27 histogram of the Content-Length of backend requests."},
    MapEntry{"http_client_response_body_size_bytes", K::kHistogram,
             "http_client.response_body_size", "byte", L::kClient, O::kSemconv,
             "Semconv 1.27 name of http_client.response_size."},
    // detailed_connection in 1.27 mode: the legacy names' meaning and unit, under the same
    // Datadog names (KrakenD emits one family or the other), so dashboards serve both modes.
    MapEntry{"http_client_request_get_conn_duration_seconds", K::kHistogram,
             "http_client.request_get_conn_duration", "second", L::kClient, O::kSemconv,
             "Semconv 1.27 name of http_client.request_get_conn_duration (detailed_connection)."},
    MapEntry{"http_client_request_dns_duration_seconds", K::kHistogram,
             "http_client.request_dns_duration", "second", L::kClient, O::kSemconv,
             "Semconv 1.27 name of http_client.request_dns_duration (detailed_connection)."},
    MapEntry{"http_client_request_tls_duration_seconds", K::kHistogram,
             "http_client.request_tls_duration", "second", L::kClient, O::kSemconv,
             "Semconv 1.27 name of http_client.request_tls_duration (detailed_connection)."},
    MapEntry{"http_client_response_no_content_length_bytes", K::kCounter,
             "http_client.response_no_content_length", "", L::kClient, O::kSemconv,
             "Semconv 1.27 name of http_client.response_no_content_length (its sample lines "
             "end in _bytes_total; KrakenD declares unit By for what is a count of responses)."},
    // OpenTelemetry scope.
    MapEntry{"otel_scope_info", K::kGauge, "otel_scope_info", "", L::kScope, O::kKrakend,
             "Instrumentation scope of the samples (always 1)."},
    // Go runtime.
    MapEntry{"go_gc_duration_seconds", K::kSummary, "go.gc_duration_seconds", "second",
             L::kQuantile, O::kGo, "Stop-the-world pauses of garbage collection cycles."},
    MapEntry{"go_gc_gogc_percent", K::kGauge, "go.gc_gogc_percent", "percent", L::kNone, O::kGo,
             "GOGC heap growth target."},
    MapEntry{"go_gc_gomemlimit_bytes", K::kGauge, "go.gc_gomemlimit_bytes", "byte", L::kNone,
             O::kGo, "GOMEMLIMIT memory limit."},
    MapEntry{"go_goroutines", K::kGauge, "go.goroutines", "", L::kNone, O::kGo,
             "Goroutines that currently exist."},
    MapEntry{"go_info", K::kGauge, "go.info", "", L::kGoInfo, O::kGo,
             "Go version of the gateway (always 1)."},
    MapEntry{"go_memstats_alloc_bytes", K::kGauge, "go.memstats.alloc_bytes", "byte", L::kNone,
             O::kGo, "Heap bytes allocated and still in use."},
    MapEntry{"go_memstats_alloc_bytes", K::kCounter, "go.memstats.alloc_bytes", "byte", L::kNone,
             O::kGo,
             "Heap bytes allocated since start (the go_memstats_alloc_bytes_total counter)."},
    MapEntry{"go_memstats_buck_hash_sys_bytes", K::kGauge, "go.memstats.buck_hash_sys_bytes",
             "byte", L::kNone, O::kGo, "Bytes of the profiling bucket hash table."},
    MapEntry{"go_memstats_frees", K::kCounter, "go.memstats.frees", "", L::kNone, O::kGo,
             "Heap objects freed."},
    MapEntry{"go_memstats_gc_sys_bytes", K::kGauge, "go.memstats.gc_sys_bytes", "byte", L::kNone,
             O::kGo, "Bytes of garbage collection metadata."},
    MapEntry{"go_memstats_heap_alloc_bytes", K::kGauge, "go.memstats.heap_alloc_bytes", "byte",
             L::kNone, O::kGo, "Heap bytes allocated and still in use."},
    MapEntry{"go_memstats_heap_idle_bytes", K::kGauge, "go.memstats.heap_idle_bytes", "byte",
             L::kNone, O::kGo, "Heap bytes waiting to be used."},
    MapEntry{"go_memstats_heap_inuse_bytes", K::kGauge, "go.memstats.heap_inuse_bytes", "byte",
             L::kNone, O::kGo, "Heap bytes in use."},
    MapEntry{"go_memstats_heap_objects", K::kGauge, "go.memstats.heap_objects", "", L::kNone,
             O::kGo, "Allocated heap objects."},
    MapEntry{"go_memstats_heap_released_bytes", K::kGauge, "go.memstats.heap_released_bytes",
             "byte", L::kNone, O::kGo, "Heap bytes released to the OS."},
    MapEntry{"go_memstats_heap_sys_bytes", K::kGauge, "go.memstats.heap_sys_bytes", "byte",
             L::kNone, O::kGo, "Heap bytes obtained from the OS."},
    MapEntry{"go_memstats_last_gc_time_seconds", K::kGauge, "go.memstats.last_gc_time_seconds",
             "second", L::kNone, O::kGo, "Unix time of the last garbage collection."},
    MapEntry{"go_memstats_mallocs", K::kCounter, "go.memstats.mallocs", "", L::kNone, O::kGo,
             "Heap objects allocated."},
    MapEntry{"go_memstats_mcache_inuse_bytes", K::kGauge, "go.memstats.mcache_inuse_bytes", "byte",
             L::kNone, O::kGo, "Bytes in use by mcache structures."},
    MapEntry{"go_memstats_mcache_sys_bytes", K::kGauge, "go.memstats.mcache_sys_bytes", "byte",
             L::kNone, O::kGo, "Bytes of mcache structures obtained from the OS."},
    MapEntry{"go_memstats_mspan_inuse_bytes", K::kGauge, "go.memstats.mspan_inuse_bytes", "byte",
             L::kNone, O::kGo, "Bytes in use by mspan structures."},
    MapEntry{"go_memstats_mspan_sys_bytes", K::kGauge, "go.memstats.mspan_sys_bytes", "byte",
             L::kNone, O::kGo, "Bytes of mspan structures obtained from the OS."},
    MapEntry{"go_memstats_next_gc_bytes", K::kGauge, "go.memstats.next_gc_bytes", "byte", L::kNone,
             O::kGo, "Heap size that triggers the next garbage collection."},
    MapEntry{"go_memstats_other_sys_bytes", K::kGauge, "go.memstats.other_sys_bytes", "byte",
             L::kNone, O::kGo, "Bytes of other runtime allocations."},
    MapEntry{"go_memstats_stack_inuse_bytes", K::kGauge, "go.memstats.stack_inuse_bytes", "byte",
             L::kNone, O::kGo, "Bytes in use by the stack allocator."},
    MapEntry{"go_memstats_stack_sys_bytes", K::kGauge, "go.memstats.stack_sys_bytes", "byte",
             L::kNone, O::kGo, "Stack bytes obtained from the OS."},
    MapEntry{"go_memstats_sys_bytes", K::kGauge, "go.memstats.sys_bytes", "byte", L::kNone, O::kGo,
             "Bytes obtained from the OS."},
    MapEntry{"go_sched_gomaxprocs_threads", K::kGauge, "go.sched_gomaxprocs_threads", "", L::kNone,
             O::kGo, "GOMAXPROCS."},
    MapEntry{"go_threads", K::kGauge, "go.threads", "", L::kNone, O::kGo, "OS threads created."},
    // Process collector.
    MapEntry{"process_cpu_seconds", K::kCounter, "process.cpu_seconds", "second", L::kNone,
             O::kProcess, "User and system CPU time."},
    MapEntry{"process_max_fds", K::kGauge, "process.max_fds", "", L::kNone, O::kProcess,
             "Maximum number of open file descriptors."},
    MapEntry{"process_network_receive_bytes", K::kCounter, "process.network_receive_bytes", "byte",
             L::kNone, O::kProcess, "Bytes received over the network."},
    MapEntry{"process_network_transmit_bytes", K::kCounter, "process.network_transmit_bytes",
             "byte", L::kNone, O::kProcess, "Bytes sent over the network."},
    MapEntry{"process_open_fds", K::kGauge, "process.open_fds", "", L::kNone, O::kProcess,
             "Open file descriptors."},
    MapEntry{"process_resident_memory_bytes", K::kGauge, "process.resident_memory_bytes", "byte",
             L::kNone, O::kProcess, "Resident memory size."},
    MapEntry{"process_start_time_seconds", K::kGauge, "process.start_time_seconds", "second",
             L::kNone, O::kProcess, "Unix time the process started."},
    MapEntry{"process_virtual_memory_bytes", K::kGauge, "process.virtual_memory_bytes", "byte",
             L::kNone, O::kProcess, "Virtual memory size."},
    MapEntry{"process_virtual_memory_max_bytes", K::kGauge, "process.virtual_memory_max_bytes",
             "byte", L::kNone, O::kProcess, "Maximum virtual memory available."},
};

}  // namespace

std::span<const MapEntry> krakend_map_table() noexcept {
  return kTable;
}

std::string_view kind_name(Kind kind) noexcept {
  switch (kind) {
    case Kind::kGauge:
      return "gauge";
    case Kind::kCounter:
      return "counter";
    case Kind::kHistogram:
      return "histogram";
    case Kind::kSummary:
      return "summary";
  }
  return "gauge";
}

}  // namespace kcheck::map
