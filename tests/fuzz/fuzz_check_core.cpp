// libFuzzer target over the whole check core below the scraper: an instance's options and a
// payload, as an endpoint and a user could send them, through the config loader and two
// runs of one Mapper (state kept across runs) into a counting sink, in both formats.
//
// Input: `<options YAML>\0<payload>`; without a NUL the whole input is the payload and the
// options are a fixed set that exercises most of the map (telemetry, decumulation, filters,
// label rules). The options are appended to a valid endpoint line.
//
// Beyond "no crash, no sanitizer report, no escaping exception" it checks the run contract:
// a run that fails submits nothing (atomic runs), and every submitted name is non-empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "kcheck/cancel.hpp"
#include "map/krakend_map.hpp"

namespace {

constexpr std::string_view kDefaultOptions =
    "telemetry: true\n"
    "non_cumulative_histogram_buckets: true\n"
    "raw_line_filters: ['^# HELP .*secret']\n"
    "exclude_metrics_by_labels: {worker: true, http_route: ['(?i)^/ADMIN']}\n"
    "extra_metrics: [{'^custom_(.*)$': {type: counter}}, untyped_thing]\n"
    "rename_labels: {le: bound, code_class: class}\n"
    "hostname_label: host\n"
    "label_limit: 64\n";

class CountingSink final : public kcheck::Sink {
 public:
  std::size_t submissions = 0;

  void submit_metric(std::string_view name, kcheck::SubmitType, double,
                     std::span<const std::string_view>, std::string_view, bool) override {
    if (name.empty()) std::abort();
    ++submissions;
  }
  void submit_service_check(std::string_view, kcheck::CheckStatus,
                            std::span<const std::string_view>, std::string_view,
                            std::string_view) override {}
  void submit_histogram_bucket(std::string_view name, std::int64_t, double lower, double upper,
                               bool, std::span<const std::string_view>, std::string_view,
                               bool) override {
    if (name.empty() || !(lower <= upper)) std::abort();
    ++submissions;
  }
  void log(kcheck::LogLevel, std::string_view) override {}
};

void run_twice(const kcheck::config::InstanceConfig& config, std::string_view payload,
               kcheck::Format format) {
  kcheck::map::Mapper mapper(config);
  for (int run = 0; run < 2; ++run) {
    CountingSink sink;
    const kcheck::Status status = mapper.map_payload(payload, format, sink);
    if (!status.ok() && sink.submissions != 0) std::abort();  // a failed run submitted
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view options =
      nul == std::string_view::npos ? kDefaultOptions : input.substr(0, nul);
  const std::string_view payload = nul == std::string_view::npos ? input : input.substr(nul + 1);
  const std::string instance =
      "openmetrics_endpoint: http://127.0.0.1:9090/metrics\n" + std::string(options);
  auto config = kcheck::config::load_instance("", instance, 0);
  if (!config.ok()) return 0;
  run_twice(config.value(), payload, kcheck::Format::kPrometheus);
  run_twice(config.value(), payload, kcheck::Format::kOpenMetrics);
  return 0;
}
