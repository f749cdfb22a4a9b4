// Helpers of the map tests: a Sink that records everything, a default instance, fixture
// loading and lookups of recorded series by name and tags.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/sink.hpp"
#include "kcheck/parse.hpp"
#include "kcheck/status.hpp"
#include "map/krakend_map.hpp"
#include "shared_data.hpp"

namespace kcheck::test {

/// One recorded submission (metric or histogram bucket).
struct Submission {
  std::string name;
  SubmitType type = SubmitType::kGauge;
  double value = 0;
  std::vector<std::string> tags;
  std::string hostname;
  bool flush_first_value = false;
  bool histogram_bucket = false;  ///< submit_histogram_bucket
  double lower_bound = 0;
  double upper_bound = 0;
  bool monotonic = false;

  /// The tags, sorted (the contract gives order no meaning).
  std::vector<std::string> sorted_tags() const {
    std::vector<std::string> t = tags;
    std::sort(t.begin(), t.end());
    return t;
  }
  bool has_tag(std::string_view tag) const {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
  }
};

class RecordingSink final : public Sink {
 public:
  std::vector<Submission> metrics;
  std::size_t service_checks = 0;
  std::vector<std::string> warnings;  ///< log messages at warning level and above

  void submit_metric(std::string_view name, SubmitType type, double value,
                     std::span<const std::string_view> tags, std::string_view hostname,
                     bool flush_first_value) override {
    Submission s;
    s.name = std::string(name);
    s.type = type;
    s.value = value;
    s.tags.assign(tags.begin(), tags.end());
    s.hostname = std::string(hostname);
    s.flush_first_value = flush_first_value;
    metrics.push_back(std::move(s));
  }
  void submit_service_check(std::string_view, CheckStatus, std::span<const std::string_view>,
                            std::string_view, std::string_view) override {
    ++service_checks;
  }
  void submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                               double upper_bound, bool monotonic,
                               std::span<const std::string_view> tags, std::string_view hostname,
                               bool flush_first_value) override {
    Submission s;
    s.name = std::string(name);
    s.type = SubmitType::kHistogram;
    s.value = static_cast<double>(value);
    s.tags.assign(tags.begin(), tags.end());
    s.hostname = std::string(hostname);
    s.flush_first_value = flush_first_value;
    s.histogram_bucket = true;
    s.lower_bound = lower_bound;
    s.upper_bound = upper_bound;
    s.monotonic = monotonic;
    metrics.push_back(std::move(s));
  }
  void log(LogLevel level, std::string_view message) override {
    if (level >= LogLevel::kWarning) warnings.emplace_back(message);
  }

  void clear() { metrics.clear(); }

  /// Submissions named `name` carrying every tag of `tags`.
  std::vector<const Submission*> find(std::string_view name,
                                      std::initializer_list<std::string_view> tags = {}) const {
    std::vector<const Submission*> out;
    for (const Submission& s : metrics) {
      if (s.name != name) continue;
      if (std::all_of(tags.begin(), tags.end(), [&](std::string_view t) { return s.has_tag(t); })) {
        out.push_back(&s);
      }
    }
    return out;
  }
  std::size_t count(std::string_view name) const { return find(name).size(); }
};

inline constexpr std::string_view kEndpoint = "http://localhost:9090/metrics";
inline constexpr std::string_view kEndpointTag = "endpoint:http://localhost:9090/metrics";

/// An instance with the default options and the test endpoint.
inline config::InstanceConfig default_instance() {
  config::InstanceConfig c;
  c.http.endpoint = std::string(kEndpoint);
  return c;
}

/// A file of tests/data/map; fails the test when it is missing.
inline std::string map_data(std::string_view file) {
  auto text = read_file(data_dir() / "map" / std::string(file));
  if (!text) {
    std::fprintf(stderr, "missing test data tests/data/map/%.*s\n", static_cast<int>(file.size()),
                 file.data());
    std::exit(1);
  }
  return *text;
}

/// A file of ../shared/fixtures/krakend, or a loud skip (exit 77) when ../shared is absent.
inline std::string shared_fixture(std::string_view file) {
  const auto dir = shared_dir();
  if (!dir) {
    announce_skip("the KrakenD fixture test");
    std::exit(kSkipExitCode);
  }
  auto text = read_file(*dir / "fixtures" / "krakend" / std::string(file));
  if (!text) {
    announce_skip("fixtures/krakend/" + std::string(file));
    std::exit(kSkipExitCode);
  }
  return *text;
}

/// One run of a fresh Mapper.
struct RunResult {
  Status status;
  RecordingSink sink;
};

inline RunResult map_once(const config::InstanceConfig& config, std::string_view payload,
                          Format format = Format::kPrometheus) {
  RunResult r;
  map::Mapper mapper(config);
  r.status = mapper.map_payload(payload, format, r.sink);
  return r;
}

}  // namespace kcheck::test
