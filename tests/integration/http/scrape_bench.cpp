// Scrape throughput: the ~10 MB KrakenD-shaped payload (tests/bench/krakend_payload.hpp)
// fetched through the real client (kcheck::http::Client) from an in-process loopback server,
// over one kept-alive connection, as plain text and as gzip (compressed once, up front).
// bytes_per_second counts decoded body bytes; items_per_second counts scrapes; the
// wire_bytes_per_second counter counts the bytes on the wire (the compressed body for gzip).
//
// Reproduce (Release, numbers in docs/benchmarks.md):
//   cmake --preset bench && cmake --build --preset bench --target http_scrape_bench
//   build/bench/tests/integration/http/http_scrape_bench --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "http/client.hpp"
#include "krakend_payload.hpp"
#include "test_server.hpp"

namespace kcheck::bench {
namespace {

struct Served {
  std::string body;      ///< the decoded payload the client must return
  std::string response;  ///< the full HTTP response sent on every request
  std::size_t wire_body = 0;
};

const Payload& payload() {
  static const Payload p = make_krakend_payload(PayloadOptions{});
  return p;
}

Served make_served(bool gzip) {
  Served s;
  s.body = payload().text;
  const std::string wire = gzip ? test::gzip(s.body) : s.body;
  s.wire_body = wire.size();
  test::Headers headers{{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}};
  if (gzip) headers.emplace_back("Content-Encoding", "gzip");
  s.response = test::http_response(200, "OK", wire, headers);
  return s;
}

void scrape(benchmark::State& state, const Served& served) {
  // A server per call: TestServer stops itself after kMaxLifetime, longer than one call.
  test::TestServer server([&served](test::Conn& c) {
    while (c.read_request()) {
      if (!c.send(served.response)) return;
    }
  });
  config::HttpOptions options;
  options.endpoint = server.url();
  options.timeout = std::chrono::seconds(30);
  http::Client client(options);
  http::CancelToken token;

  // One checked fetch outside the timing: a wrong body would make the numbers meaningless.
  if (auto r = client.fetch(token); !r.ok() || r->body != served.body) {
    state.SkipWithError(r.ok() ? "the fetched body differs from the payload"
                               : r.status().message().c_str());
    return;
  }
  for (auto _ : state) {
    auto r = client.fetch(token);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(r->body.data());
  }
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(served.body.size()));
  state.SetItemsProcessed(iterations);
  state.counters["wire_bytes_per_second"] =
      benchmark::Counter(static_cast<double>(served.wire_body) * static_cast<double>(iterations),
                         benchmark::Counter::kIsRate);
  state.counters["body_MB"] = static_cast<double>(served.body.size()) / 1e6;
  state.counters["wire_MB"] = static_cast<double>(served.wire_body) / 1e6;
  // More than one connection would mean keep-alive broke and the numbers include connects.
  state.counters["connections"] = server.connections();
}

void BM_Scrape_KrakenD_Plain(benchmark::State& state) {
  static const Served served = make_served(false);
  scrape(state, served);
}

void BM_Scrape_KrakenD_Gzip(benchmark::State& state) {
  static const Served served = make_served(true);
  scrape(state, served);
}

// Real time: the server thread does half of the work and the client waits on it.
BENCHMARK(BM_Scrape_KrakenD_Plain)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Scrape_KrakenD_Gzip)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace kcheck::bench

BENCHMARK_MAIN();
