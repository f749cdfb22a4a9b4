// "No allocation per sample on the happy path" (house style, issue 2), measured: this binary
// replaces the global operator new/delete with counting versions, so it is a test executable
// of its own. The parser allocates when a family starts (its name index, the OpenMetrics
// name set) and while its reusable buffers warm up, so the claim is checked as "the count
// after the first sample does not grow with the number of samples": N and 4N samples of
// the same families allocate exactly as often.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdlib>
#include <iterator>
#include <new>
#include <string>
#include <string_view>

#include "kcheck/parse.hpp"

namespace {

std::atomic<std::size_t> g_allocations{0};

void* counted_alloc(std::size_t n) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}

void* counted_aligned_alloc(std::size_t n, std::align_val_t align) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  // aligned_alloc wants a size that is a multiple of the alignment.
  return std::aligned_alloc(a, (n == 0 ? a : (n + a - 1) / a * a));
}

void* alloc_or_throw(std::size_t n) {
  void* p = counted_alloc(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* aligned_alloc_or_throw(std::size_t n, std::align_val_t align) {
  void* p = counted_aligned_alloc(n, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

// Every replaceable form, so that no allocation of the parser escapes the count and every
// delete frees what the matching new allocated (malloc/aligned_alloc, both freed by free).
void* operator new(std::size_t n) {
  return alloc_or_throw(n);
}
void* operator new[](std::size_t n) {
  return alloc_or_throw(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return counted_alloc(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return counted_alloc(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  return aligned_alloc_or_throw(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return aligned_alloc_or_throw(n, a);
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(n, a);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace {

using kcheck::Event;
using kcheck::Format;

std::size_t allocations() noexcept {
  return g_allocations.load(std::memory_order_relaxed);
}

/// Keeps the compiler from proving `p` unused and eliding the allocation behind it.
void escape(const void* p) {
  asm volatile("" : : "g"(p) : "memory");
}

// ---- a KrakenD-shaped payload

constexpr std::string_view kHistograms[] = {
    "http_server_duration",   "http_client_duration",     "krakend_backend_duration",
    "krakend_proxy_duration", "http_server_request_size", "http_server_response_size",
};
constexpr std::string_view kBounds[] = {"0.005", "0.01", "0.025", "0.05", "0.075",
                                        "0.1",   "0.25", "0.5",   "0.75", "1",
                                        "2.5",   "5",    "7.5",   "10",   "+Inf"};

std::string padded(std::size_t i) {
  std::string s = std::to_string(i);
  return std::string(s.size() < 4 ? 4 - s.size() : 0, '0') + s;
}

/// The labels of series `i` without `le`: ten with `le`, as KrakenD's OpenTelemetry
/// exporter writes them. Every third series has a value with each escape; the escaped
/// values have the same length in every series so that the buffers warm up identically.
std::string series_labels(std::size_t i) {
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
std::string krakend_payload(Format format, std::size_t series) {
  const bool om = format == Format::kOpenMetrics;
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

struct Measured {
  bool reached_end = false;
  std::string error;
  std::size_t samples = 0;      ///< including the first one, read before counting
  std::size_t allocations = 0;  ///< from just after the first sample to kEnd
};

/// Parses `payload`, counting the allocations after the first sample. No Catch2 macro runs
/// while counting: they allocate.
Measured measure(std::string_view payload, Format format) {
  Measured m;
  kcheck::Parser parser(payload, format);
  Event event = parser.next();
  while (event == Event::kFamily) event = parser.next();
  if (event != Event::kSample) {
    m.error = "no first sample";
    return m;
  }
  m.samples = 1;
  const std::size_t before = allocations();
  for (;;) {
    event = parser.next();
    if (event == Event::kSample) {
      ++m.samples;
    } else if (event != Event::kFamily) {
      break;
    }
  }
  m.allocations = allocations() - before;
  m.reached_end = event == Event::kEnd;
  if (event == Event::kError) m.error = parser.error().to_string(payload);
  return m;
}

/// Series per family: 8 and 32. 32 is the most the OpenMetrics contiguity set holds
/// before it first doubles (group_set.hpp); past that it grows once per doubling of the
/// series of the largest family, which is per series, amortized, not per sample.
constexpr std::size_t kSeries = 8;

/// True when a known heap allocation is counted. Under a sanitizer the replacement must
/// still win over the runtime's operator new, otherwise every count would be a meaningless 0.
bool counter_sees_allocations() {
  const std::size_t before = allocations();
  auto* block = new std::string(200, 'x');  // the object and a buffer beyond any SSO
  escape(block);
  const std::size_t after = allocations();
  delete block;
  return after - before >= 2;
}

void check_allocations_do_not_grow_with_samples(Format format) {
  REQUIRE(counter_sees_allocations());
  const std::string small = krakend_payload(format, kSeries);
  const std::string large = krakend_payload(format, 4 * kSeries);
  const Measured n = measure(small, format);
  const Measured n4 = measure(large, format);
  INFO("N: " << n.samples << " samples, " << n.allocations << " allocations after the first");
  INFO("4N: " << n4.samples << " samples, " << n4.allocations << " allocations after the first");
  REQUIRE(n.error.empty());
  REQUIRE(n4.error.empty());
  REQUIRE(n.reached_end);
  REQUIRE(n4.reached_end);
  REQUIRE(n.samples == kSeries * kSamplesPerSeries);
  REQUIRE(n4.samples == 4 * n.samples);
  REQUIRE(n4.samples > 3000);  // a few thousand lines, as a KrakenD with many endpoints
  CHECK(n4.allocations == n.allocations);
  // What remains is per family: the 0.0.4 family index, the OpenMetrics set of the up to
  // five sample names a histogram owns, the metadata lines' message text. A bound, not an
  // exact figure, so that the test does not pin containers' growth policies.
  CHECK(n.allocations <= kFamilies * 16);
}

}  // namespace

TEST_CASE("the parse allocation counter sees the allocations of this binary", "[parse][alloc]") {
  REQUIRE(counter_sees_allocations());
}

TEST_CASE(
    "the 0.0.4 parser's allocations after the first sample are the same for N and 4N samples "
    "of the same families",
    "[parse][alloc]") {
  check_allocations_do_not_grow_with_samples(Format::kPrometheus);
}

TEST_CASE(
    "the OpenMetrics parser's allocations after the first sample are the same for N and 4N "
    "samples of the same families",
    "[parse][alloc]") {
  check_allocations_do_not_grow_with_samples(Format::kOpenMetrics);
}
