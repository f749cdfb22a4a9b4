// --format text: a summary for people, in the spirit of `datadog-agent check`: one line per
// run, then for each instance what its last run submitted (grouped by name) and totals.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "json_writer.hpp"
#include "reporter.hpp"

namespace kcheck::stub {

namespace {

/// All samples of one name in one run.
struct NameSummary {
  std::string type;  ///< metric type name, or "histogram_bucket"
  std::size_t samples = 0;
  double first_value = 0;
};

struct LogLine {
  kcheck_log_level level;
  std::string message;
};

/// What one run of one instance submitted.
struct RunSummary {
  std::map<std::string, NameSummary> names;  // sorted, like the Agent's output
  std::vector<ServiceCheckRecord> service_checks;
  std::vector<LogLine> logs;
  std::size_t metric_samples = 0;
  std::size_t buckets = 0;
  std::size_t log_records = 0;
};

struct InstanceTotals {
  RunSummary current;
  RunSummary last;
  bool has_last = false;
  int runs = 0;
  int ok_runs = 0;
  std::size_t metric_samples = 0;
  std::size_t buckets = 0;
  std::size_t service_checks = 0;
  double total_ms = 0;
  std::string last_error;
};

std::string join(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(std::FILE* out) : out_(out) {}

  void begin(const SessionInfo& info) override {
    std::fprintf(out_, "plugin   %s %s (kcheck ABI %u.%u)\n         %s\n", info.plugin_name.c_str(),
                 info.plugin_version.c_str(), info.abi_major, info.abi_minor,
                 info.plugin_path.c_str());
    std::fprintf(out_, "checking %s: %d instance%s x %d run%s\n\n", info.source.c_str(),
                 info.instances, info.instances == 1 ? "" : "s", info.times,
                 info.times == 1 ? "" : "s");
    instances_.resize(static_cast<std::size_t>(std::max(info.instances, 0)));
  }

  void submission(int instance, const Submission& submission) override {
    RunSummary& run = at(instance).current;
    if (const auto* m = std::get_if<MetricRecord>(&submission)) {
      add(run, m->name, metric_type_name(m->type), m->value);
      ++run.metric_samples;
    } else if (const auto* b = std::get_if<BucketRecord>(&submission)) {
      add(run, b->name, "histogram_bucket", static_cast<double>(b->value));
      ++run.buckets;
    } else if (const auto* sc = std::get_if<ServiceCheckRecord>(&submission)) {
      run.service_checks.push_back(*sc);
    } else if (std::holds_alternative<LogRecordCopy>(submission)) {
      ++run.log_records;
    }
  }

  void log(int instance, kcheck_log_level level, std::string_view message) override {
    at(instance).current.logs.push_back(LogLine{level, std::string(message)});
  }

  void run_end(const RunEnd& end) override {
    InstanceTotals& t = at(end.instance);
    ++t.runs;
    if (end.status == KCHECK_STATUS_OK) ++t.ok_runs;
    t.metric_samples += t.current.metric_samples;
    t.buckets += t.current.buckets;
    t.service_checks += t.current.service_checks.size();
    t.total_ms += end.duration_ms;
    std::fprintf(out_,
                 "instance %d, run %d: %s in %.3f ms, %zu submissions (%zu metric samples, "
                 "%zu histogram buckets, %zu service checks%s)\n",
                 end.instance, end.run, end.status_name.c_str(), end.duration_ms, end.submissions,
                 t.current.metric_samples, t.current.buckets, t.current.service_checks.size(),
                 t.current.log_records == 0
                     ? ""
                     : (", " + std::to_string(t.current.log_records) + " log records").c_str());
    if (end.status != KCHECK_STATUS_OK) {
      std::fprintf(out_, "  error: %s\n", end.error.c_str());
      t.last_error = end.error;
    }
    t.last = std::move(t.current);
    t.current = RunSummary{};
    t.has_last = true;
  }

  void finish() override {
    for (std::size_t i = 0; i < instances_.size(); ++i) print_instance(static_cast<int>(i));
    std::fflush(out_);
  }

 private:
  InstanceTotals& at(int instance) {
    const auto idx = static_cast<std::size_t>(std::max(instance, 0));
    if (idx >= instances_.size()) instances_.resize(idx + 1);
    return instances_[idx];
  }

  static void add(RunSummary& run, const std::string& name, std::string type, double value) {
    auto [it, inserted] = run.names.try_emplace(name);
    if (inserted) {
      it->second.type = std::move(type);
      it->second.first_value = value;
    }
    ++it->second.samples;
  }

  void print_instance(int instance) {
    const InstanceTotals& t = instances_[static_cast<std::size_t>(instance)];
    std::fprintf(out_, "\n=== instance %d ===\n", instance);
    if (!t.has_last) {
      std::fprintf(out_, "  (no run)\n");
      return;
    }
    const RunSummary& r = t.last;
    std::fprintf(out_, "  Last run submitted %zu names:\n", r.names.size());
    std::size_t width = 0;
    for (const auto& [name, s] : r.names) width = std::max(width, name.size());
    for (const auto& [name, s] : r.names) {
      if (s.samples == 1) {
        std::string value;
        append_json_number(value, s.first_value);
        std::fprintf(out_, "    %-*s  %-16s  value %s\n", static_cast<int>(width), name.c_str(),
                     s.type.c_str(), value.c_str());
      } else {
        std::fprintf(out_, "    %-*s  %-16s  %zu series\n", static_cast<int>(width), name.c_str(),
                     s.type.c_str(), s.samples);
      }
    }
    if (!r.service_checks.empty()) std::fprintf(out_, "  Service checks:\n");
    for (const auto& sc : r.service_checks) {
      std::fprintf(out_, "    %s  %s  [%s]%s%s\n", sc.name.c_str(),
                   service_check_status_name(sc.status).c_str(), join(sc.tags).c_str(),
                   sc.message.empty() ? "" : "  ", sc.message.c_str());
    }
    if (!r.logs.empty()) std::fprintf(out_, "  Logs:\n");
    for (const auto& l : r.logs) {
      std::fprintf(out_, "    [%s] %s\n", log_level_name(l.level).c_str(), l.message.c_str());
    }
    std::fprintf(out_,
                 "  Total runs: %d (%d ok)  Metric samples: last run %zu, total %zu  "
                 "Histogram buckets: last run %zu, total %zu  Service checks: last run %zu, "
                 "total %zu  Average run time: %.3f ms\n",
                 t.runs, t.ok_runs, r.metric_samples, t.metric_samples, r.buckets, t.buckets,
                 r.service_checks.size(), t.service_checks, t.runs ? t.total_ms / t.runs : 0.0);
    if (!t.last_error.empty()) std::fprintf(out_, "  Last error: %s\n", t.last_error.c_str());
  }

  std::FILE* out_;
  std::vector<InstanceTotals> instances_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(std::FILE* out) {
  return std::make_unique<TextReporter>(out);
}

}  // namespace kcheck::stub
