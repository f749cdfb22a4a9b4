// Generator of KrakenD-shaped expositions. Shapes follow KrakenD 2.10's OpenTelemetry
// Prometheus exporter (see ../shared/docs/metric-map.md §1): labels sorted by name with `le`
// last, 20 time bounds 0.01..10 and 15 size bounds 128..67108864, Go number spelling.
#include "krakend_payload.hpp"

#include <array>
#include <cmath>
#include <span>
#include <string_view>
#include <vector>

#include "go_float.hpp"
#include "rng.hpp"

namespace kcheck::bench {
namespace {

using test::Rng;

constexpr std::array<double, 20> kDurationBounds = {0.01,  0.02, 0.05, 0.075, 0.1,  0.125, 0.15,
                                                    0.175, 0.2,  0.25, 0.3,   0.35, 0.5,   0.75,
                                                    1,     1.5,  2,    3.5,   5,    10};
constexpr std::array<double, 15> kSizeBounds = {128,    256,     512,     1024,     4096,
                                                8192,   16384,   32768,   65536,    262144,
                                                524288, 1048576, 4194304, 16777216, 67108864};

constexpr std::array<std::string_view, 48> kNouns = {
    "users",    "orders",  "catalog",   "products", "cart",      "checkout", "payments",
    "invoices", "search",  "auth",      "login",    "profile",   "settings", "inventory",
    "shipping", "reviews", "ratings",   "feed",     "messages",  "alerts",   "accounts",
    "billing",  "coupons", "wishlist",  "stores",   "locations", "sessions", "tokens",
    "reports",  "exports", "imports",   "media",    "images",    "videos",   "comments",
    "tags",     "groups",  "teams",     "projects", "tasks",     "events",   "calendar",
    "pricing",  "quotes",  "contracts", "partners", "suppliers", "health"};
constexpr std::array<std::string_view, 4> kBackendTypes = {"test_api", "users_svc", "orders_svc",
                                                           "legacy_soap"};
constexpr std::array<std::string_view, 4> kServers = {"api", "users.internal", "10.0.3.17",
                                                      "orders-svc.default.svc"};
constexpr std::array<std::string_view, 3> kPorts = {"80", "8080", "443"};
constexpr std::array<int, 7> kErrorStatuses = {400, 401, 404, 429, 500, 502, 503};
constexpr std::string_view kScope =
    "otel_scope_name=\"io.krakend.krakend-otel\",otel_scope_version=\"\"";

// One outcome of one endpoint; each becomes one series per family of its layer.
enum class Outcome { kSuccess, kError, kTransportFailure };

struct Series {
  Outcome outcome;
  int status;  // backend status; 0 when the transport failed, as KrakenD reports it
  bool no_content_length;
};

struct Endpoint {
  std::string route, method, backend_path, backend_type, server, port;
  std::vector<Series> series;
};

Endpoint make_endpoint(std::uint64_t seed, std::size_t index) {
  // Its own stream per index: endpoint i is the same whatever the payload size.
  Rng rng(seed ^ (0xa0761d6478bd642full * (index + 1)));
  Endpoint e;
  const std::string_view noun = kNouns[index % kNouns.size()];
  const std::string version = "/api/v" + std::to_string(1 + index / kNouns.size()) + "/";
  static constexpr std::array<std::string_view, 4> kMethods = {"GET", "GET", "POST", "DELETE"};
  e.method = kMethods[rng.below(kMethods.size())];
  std::string tail;
  switch (rng.below(3)) {
    case 0:
      break;
    case 1:
      tail = "/{id}";
      break;
    default:
      tail = "/" + std::string(kNouns[rng.below(kNouns.size())]);
      break;
  }
  e.route = version + std::string(noun) + tail;
  e.backend_path = "/" + std::string(noun) + tail + "/";
  e.backend_type = kBackendTypes[rng.below(kBackendTypes.size())];
  e.server = kServers[rng.below(kServers.size())];
  e.port = kPorts[rng.below(kPorts.size())];
  const int ok = e.method == "POST" ? 201 : e.method == "DELETE" ? 204 : 200;
  e.series.push_back({Outcome::kSuccess, ok, rng.chance(0.25)});
  if (rng.chance(0.4)) {
    e.series.push_back({Outcome::kError, kErrorStatuses[rng.below(kErrorStatuses.size())], false});
  }
  if (rng.chance(0.15)) {
    e.series.push_back({Outcome::kTransportFailure, 0, true});
    // The server layer reports a transport failure as 500: an error series answering 500 as
    // well would repeat a server series, which OpenMetrics forbids.
    for (Series& s : e.series) {
      if (s.outcome == Outcome::kError && s.status == 500) s.status = 502;
    }
  }
  return e;
}

enum class Kind { kDurationHistogram, kSizeHistogram, kCounter };
enum class Layer { kClient, kServer, kBackend, kProxy };
enum class Only { kAll, kTransportFailure, kTls, kNoContentLength };

struct FamilyDef {
  std::string_view name;  // the 0.0.4 name: counters carry _total, as KrakenD prints them
  Kind kind;
  Layer layer;
  Only only;
};

// Sorted by name, as the exporter prints them.
constexpr std::array<FamilyDef, 19> kFamilies = {{
    {"http_client_duration", Kind::kDurationHistogram, Layer::kClient, Only::kAll},
    {"http_client_request_canceled_count_total", Kind::kCounter, Layer::kClient,
     Only::kTransportFailure},
    {"http_client_request_dns_duration", Kind::kDurationHistogram, Layer::kClient, Only::kAll},
    {"http_client_request_failed_count_total", Kind::kCounter, Layer::kClient,
     Only::kTransportFailure},
    {"http_client_request_get_conn_duration", Kind::kDurationHistogram, Layer::kClient, Only::kAll},
    {"http_client_request_size_total", Kind::kCounter, Layer::kClient, Only::kAll},
    {"http_client_request_started_count_total", Kind::kCounter, Layer::kClient, Only::kAll},
    {"http_client_request_timedout_count_total", Kind::kCounter, Layer::kClient,
     Only::kTransportFailure},
    {"http_client_request_tls_duration", Kind::kDurationHistogram, Layer::kClient, Only::kTls},
    {"http_client_response_no_content_length_total", Kind::kCounter, Layer::kClient,
     Only::kNoContentLength},
    {"http_client_response_read_size_hist", Kind::kSizeHistogram, Layer::kClient, Only::kAll},
    {"http_client_response_read_size_total", Kind::kCounter, Layer::kClient, Only::kAll},
    {"http_client_response_read_time_hist_seconds", Kind::kDurationHistogram, Layer::kClient,
     Only::kAll},
    {"http_client_response_read_time_seconds_total", Kind::kCounter, Layer::kClient, Only::kAll},
    {"http_client_response_size", Kind::kSizeHistogram, Layer::kClient, Only::kAll},
    {"http_server_duration", Kind::kDurationHistogram, Layer::kServer, Only::kAll},
    {"http_server_response_size", Kind::kSizeHistogram, Layer::kServer, Only::kAll},
    {"krakend_backend_duration", Kind::kDurationHistogram, Layer::kBackend, Only::kAll},
    {"krakend_proxy_duration", Kind::kDurationHistogram, Layer::kProxy, Only::kAll},
}};

bool selected(Only only, const Endpoint& e, const Series& s) {
  switch (only) {
    case Only::kAll:
      return true;
    case Only::kTransportFailure:
      return s.outcome == Outcome::kTransportFailure;
    case Only::kTls:
      return e.port == "443";
    case Only::kNoContentLength:
      return s.no_content_length;
  }
  return false;
}

void flags(std::string& out, Outcome o) {
  out += o == Outcome::kTransportFailure ? "canceled=\"true\"," : "canceled=\"false\",";
  out += o == Outcome::kSuccess ? "complete=\"true\",error=\"false\","
                                : "complete=\"false\",error=\"true\",";
}

// The label set of a series, without braces and without `le`, sorted by label name.
std::string labels_of(Layer layer, const Endpoint& e, const Series& s) {
  std::string l;
  const std::string method = "http_request_method=\"" + e.method + "\",";
  switch (layer) {
    case Layer::kClient:
      l = "backend_type=\"" + e.backend_type + "\",clientname=\"" + e.backend_path + "\"," +
          method + "http_response_status_code=\"" + std::to_string(s.status) + "\",http_route=\"" +
          e.backend_path + "\",krakend_endpoint_method=\"" + e.method +
          "\",krakend_endpoint_route=\"" + e.route + "\"," + std::string(kScope) +
          ",server_address=\"" + e.server + "\",server_port=\"" + e.port + "\"";
      break;
    case Layer::kServer:
      l = method + "http_response_status_code=\"" + std::to_string(s.status == 0 ? 500 : s.status) +
          "\",http_route=\"" + e.route + "\"," + std::string(kScope) + ",url_scheme=\"http\"";
      break;
    case Layer::kBackend:
      l = "backend_type=\"" + e.backend_type + "\",";
      flags(l, s.outcome);
      l += method + "http_route=\"" + e.backend_path + "\",krakend_endpoint_method=\"" + e.method +
           "\",krakend_endpoint_route=\"" + e.route + "\"," + std::string(kScope);
      break;
    case Layer::kProxy:
      flags(l, s.outcome);
      l += method + "http_route=\"" + e.route + "\"," + std::string(kScope);
      break;
  }
  return l;
}

struct Writer {
  std::string& out;
  Payload& stats;
  Format format;
  Rng& rng;

  bool om() const { return format == Format::kOpenMetrics; }

  // HELP/TYPE (and UNIT in OpenMetrics) of one family. OpenMetrics names a counter family
  // without _total and the info type exists there; 0.0.4 says counter/gauge.
  void header(std::string_view name, std::string_view type, std::string_view help) {
    std::string_view family = name;
    if (om() && type == "counter") family.remove_suffix(std::string_view("_total").size());
    if (om() && family.ends_with("_info")) {
      family.remove_suffix(std::string_view("_info").size());
      type = "info";
    }
    out += "# HELP ";
    out += family;
    // KrakenD's OpenTelemetry families have no help text; OpenMetrics needs the space.
    if (!help.empty() || om()) out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += family;
    out += ' ';
    out += type;
    out += '\n';
    if (om()) {
      for (std::string_view unit : {"seconds", "bytes"}) {
        if (family.ends_with(unit) && family.size() > unit.size() &&
            family[family.size() - unit.size() - 1] == '_') {
          out += "# UNIT ";
          out += family;
          out += ' ';
          out += unit;
          out += '\n';
        }
      }
    }
    ++stats.families;
  }

  void sample(std::string_view name, std::string_view labels, std::string_view extra_label,
              double value) {
    out += name;
    if (!labels.empty() || !extra_label.empty()) {
      out += '{';
      out += labels;
      if (!labels.empty() && !extra_label.empty()) out += ',';
      out += extra_label;
      out += '}';
    }
    out += ' ';
    out += go_float(value);
    out += '\n';
    ++stats.samples;
  }

  // Cumulative buckets shaped like a latency/size distribution around a random bound.
  void histogram(std::string_view name, bool sizes, const std::string& labels) {
    std::span<const double> bounds =
        sizes ? std::span<const double>(kSizeBounds) : std::span<const double>(kDurationBounds);
    const double n = rng.chance(0.2) ? 0.0 : static_cast<double>(1 + rng.below(5000));
    const double mid = static_cast<double>(rng.below(bounds.size()));
    const double width = 0.5 + 2.0 * rng.unit();
    double prev = 0;
    const std::string bucket = std::string(name) + "_bucket";
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      const double x = (static_cast<double>(i) - mid) / width;
      const double c = std::max(prev, std::floor(n / (1.0 + std::exp(-x))));
      prev = c;
      sample(bucket, labels, "le=\"" + go_float(bounds[i]) + "\"", c);
    }
    sample(bucket, labels, "le=\"+Inf\"", n);
    double sum = n * bounds[static_cast<std::size_t>(mid)] * (0.3 + rng.unit());
    if (sizes) sum = std::floor(sum);
    sample(std::string(name) + "_sum", labels, "", sum);
    sample(std::string(name) + "_count", labels, "", n);
    stats.histogram_samples += bounds.size() + 3;
    stats.bucket_samples += bounds.size() + 1;
  }

  void krakend_families(const std::vector<Endpoint>& endpoints) {
    for (const FamilyDef& f : kFamilies) {
      const bool counter = f.kind == Kind::kCounter;
      header(f.name, counter ? "counter" : "histogram", "");
      for (const Endpoint& e : endpoints) {
        for (const Series& s : e.series) {
          if (!selected(f.only, e, s)) continue;
          const std::string labels = labels_of(f.layer, e, s);
          if (counter) {
            sample(f.name, labels, "", static_cast<double>(rng.below(100000)));
          } else {
            histogram(f.name, f.kind == Kind::kSizeHistogram, labels);
          }
        }
      }
    }
  }

  void go_families() {
    header("go_gc_duration_seconds", "summary", "A summary of the wall-time pause duration in GC.");
    static constexpr std::array<std::string_view, 5> kQ = {"0", "0.25", "0.5", "0.75", "1"};
    double nanos = 5000;  // pauses are whole nanoseconds, printed in seconds
    for (std::string_view quantile : kQ) {
      nanos = std::floor(nanos * (1.0 + 3.0 * rng.unit()));
      sample("go_gc_duration_seconds", "", "quantile=\"" + std::string(quantile) + "\"",
             nanos / 1e9);
    }
    sample("go_gc_duration_seconds_sum", "", "", 0.006522042);
    sample("go_gc_duration_seconds_count", "", "", 177);
    header("go_goroutines", "gauge", "Number of goroutines that currently exist.");
    sample("go_goroutines", "", "", static_cast<double>(10 + rng.below(200)));
    header("go_info", "gauge", "Information about the Go environment.");
    sample("go_info", "", "version=\"go1.24.4\"", 1);
    header("go_memstats_alloc_bytes", "gauge", "Number of bytes allocated and in use.");
    sample("go_memstats_alloc_bytes", "", "", 8.959752e+06);
    if (!om()) {
      // In OpenMetrics this counter's family would be go_memstats_alloc_bytes too, a clash
      // with the gauge above that OpenMetrics forbids.
      header("go_memstats_alloc_bytes_total", "counter", "Total number of bytes allocated.");
      sample("go_memstats_alloc_bytes_total", "", "", 1.399491568e+09);
    }
    header("go_memstats_frees_total", "counter", "Total number of heap objects frees.");
    sample("go_memstats_frees_total", "", "", 2.512084e+07);
    header("go_memstats_heap_objects", "gauge", "Number of currently allocated objects.");
    sample("go_memstats_heap_objects", "", "", static_cast<double>(40000 + rng.below(5000)));
    header("go_memstats_last_gc_time_seconds", "gauge", "Seconds since 1970 of last GC.");
    sample("go_memstats_last_gc_time_seconds", "", "", 1.7518826896491916e+09);
    header("go_memstats_mallocs_total", "counter", "Total number of heap objects allocated.");
    sample("go_memstats_mallocs_total", "", "", 2.5163667e+07);
    header("go_threads", "gauge", "Number of OS threads created.");
    sample("go_threads", "", "", 19);
  }

  void tail_families() {
    header("otel_scope_info", "gauge", "Instrumentation Scope metadata");
    sample("otel_scope_info", kScope, "", 1);
    header("process_cpu_seconds_total", "counter", "Total user and system CPU time in seconds.");
    sample("process_cpu_seconds_total", "", "", 1.46);
    header("process_max_fds", "gauge", "Maximum number of open file descriptors.");
    sample("process_max_fds", "", "", 1048576);
    header("process_open_fds", "gauge", "Number of open file descriptors.");
    sample("process_open_fds", "", "", 10);
    header("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    sample("process_resident_memory_bytes", "", "", 6.9177344e+07);
    header("process_start_time_seconds", "gauge", "Start time of the process since epoch.");
    sample("process_start_time_seconds", "", "", 1.75188268236e+09);
    header("target_info", "gauge", "Target metadata");
    sample("target_info", "",
           "deployment_environment=\"production\",service_name=\"krakend-gateway\","
           "service_version=\"2.10.1\"",
           1);
    if (om()) {
      out += "# EOF\n";
    } else {
      out.pop_back();  // KrakenD's payload has no final newline
    }
  }
};

Payload generate(const PayloadOptions& options, std::size_t endpoint_count) {
  std::vector<Endpoint> endpoints;
  endpoints.reserve(endpoint_count);
  for (std::size_t i = 0; i < endpoint_count; ++i) {
    endpoints.push_back(make_endpoint(options.seed, i));
  }
  Payload p;
  p.endpoints = endpoint_count;
  p.text.reserve(options.target_bytes + (std::size_t{1} << 20));
  Rng rng(options.seed);
  Writer w{p.text, p, options.format, rng};
  w.go_families();
  w.krakend_families(endpoints);
  w.tail_families();
  return p;
}

}  // namespace

Payload make_krakend_payload(const PayloadOptions& options) {
  // Size grows about linearly with the endpoint count, but endpoints differ in size: scale
  // from a small probe, then correct once from the payload actually made.
  const std::size_t fixed = generate(options, 0).text.size();
  const auto endpoints_for = [&](std::size_t made, std::size_t endpoints) {
    const std::size_t per = std::max<std::size_t>(1, (made - fixed) / endpoints);
    const std::size_t want =
        options.target_bytes > fixed ? (options.target_bytes - fixed) / per : 0;
    return std::max<std::size_t>(1, want);
  };
  constexpr std::size_t kProbe = 16;
  const std::size_t guess = endpoints_for(generate(options, kProbe).text.size(), kProbe);
  Payload p = generate(options, guess);
  const std::size_t better = endpoints_for(p.text.size(), guess);
  return better == guess ? p : generate(options, better);
}

}  // namespace kcheck::bench
