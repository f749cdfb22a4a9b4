// --format json / quiet: the machine-readable stream.
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include "json_writer.hpp"
#include "reporter.hpp"

namespace kcheck::stub {

namespace {

void append_tags(std::string& out, const std::vector<std::string>& tags) {
  out += '[';
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, tags[i]);
  }
  out += ']';
}

void append_line(std::string& out, const MetricRecord& m) {
  out += R"({"kind":"metric","type":)";
  append_json_string(out, metric_type_name(m.type));
  out += R"(,"name":)";
  append_json_string(out, m.name);
  out += R"(,"value":)";
  append_json_number(out, m.value);
  out += R"(,"tags":)";
  append_tags(out, m.tags);
  out += R"(,"hostname":)";
  append_json_string(out, m.hostname);
  out += R"(,"flush_first_value":)";
  append_json_bool(out, m.flush_first_value);
  out += '}';
}

void append_line(std::string& out, const ServiceCheckRecord& sc) {
  out += R"({"kind":"service_check","name":)";
  append_json_string(out, sc.name);
  out += R"(,"status":)";
  append_json_int(out, sc.status);
  out += R"(,"tags":)";
  append_tags(out, sc.tags);
  out += R"(,"hostname":)";
  append_json_string(out, sc.hostname);
  out += R"(,"message":)";
  append_json_string(out, sc.message);
  out += '}';
}

void append_line(std::string& out, const BucketRecord& b) {
  out += R"({"kind":"histogram_bucket","name":)";
  append_json_string(out, b.name);
  out += R"(,"value":)";
  append_json_int(out, b.value);
  out += R"(,"lower_bound":)";
  append_json_number(out, b.lower_bound);
  out += R"(,"upper_bound":)";
  append_json_number(out, b.upper_bound);
  out += R"(,"monotonic":)";
  append_json_bool(out, b.monotonic);
  out += R"(,"tags":)";
  append_tags(out, b.tags);
  out += R"(,"hostname":)";
  append_json_string(out, b.hostname);
  out += R"(,"flush_first_value":)";
  append_json_bool(out, b.flush_first_value);
  out += '}';
}

// The record is the plugin's own JSON object, embedded as it is.
void append_line(std::string& out, const LogRecordCopy& l) {
  out += R"({"kind":"log","record":)";
  out += l.json;
  out += '}';
}

class JsonReporter final : public Reporter {
 public:
  JsonReporter(std::FILE* out, std::FILE* err, bool quiet) : out_(out), err_(err), quiet_(quiet) {}

  void begin(const SessionInfo&) override {}

  void submission(int, const Submission& submission) override {
    if (quiet_) return;
    line_.clear();
    std::visit([this](const auto& s) { append_line(line_, s); }, submission);
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), out_);
  }

  void log(int instance, kcheck_log_level level, std::string_view message) override {
    if (level < KCHECK_LOG_WARNING) return;
    std::fprintf(err_, "[%s] instance %d: %.*s\n", log_level_name(level).c_str(), instance,
                 static_cast<int>(message.size()), message.data());
  }

  void run_end(const RunEnd& end) override {
    line_ = json_line(end);
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), out_);
    std::fflush(out_);
  }

  void finish() override { std::fflush(out_); }

 private:
  std::FILE* out_;
  std::FILE* err_;
  bool quiet_;
  std::string line_;  // reused: one allocation for the whole session
};

}  // namespace

std::string json_line(const Submission& submission) {
  std::string out;
  std::visit([&out](const auto& s) { append_line(out, s); }, submission);
  return out;
}

std::string json_line(const RunEnd& end) {
  std::string out = R"({"kind":"run_end","instance":)";
  append_json_int(out, end.instance);
  out += R"(,"run":)";
  append_json_int(out, end.run);
  out += R"(,"status":)";
  append_json_string(out, end.status_name);
  out += R"(,"error":)";
  if (end.status == KCHECK_STATUS_OK) {
    out += "null";
  } else {
    append_json_string(out, end.error);
  }
  out += R"(,"duration_ms":)";
  append_json_number(out, end.duration_ms);
  out += R"(,"submissions":)";
  append_json_int(out, static_cast<std::int64_t>(end.submissions));
  out += '}';
  return out;
}

std::unique_ptr<Reporter> make_json_reporter(std::FILE* out, std::FILE* err, bool quiet) {
  return std::make_unique<JsonReporter>(out, err, quiet);
}

}  // namespace kcheck::stub
