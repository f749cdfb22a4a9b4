#include "core/log_source.hpp"

#include <utility>

#include "logs/json_record.hpp"

namespace kcheck {
namespace {

logs::TailerOptions tailer_options(const config::LogOptions& options) {
  logs::TailerOptions out;
  out.log_files = options.files;
  out.start_position =
      options.start_at_beginning ? logs::StartPosition::kBeginning : logs::StartPosition::kEnd;
  out.max_bytes_per_run = options.max_bytes_per_run;
  out.time_zone = &options.time_zone;
  return out;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string kib(std::uint64_t bytes) {
  return std::to_string(bytes / 1024) + " KiB";
}

}  // namespace

LogSource::LogSource(const config::LogOptions& options)
    : options_(options), tailer_(tailer_options(options)) {
  if (options_.output_path) output_.emplace(*options_.output_path, options_.output_max_bytes);
}

void LogSource::deliver(const logs::Record& record, Sink& sink) {
  json_.clear();
  logs::append_record_json(json_, record);
  counts_.add(record);
  if (output_) output_->append(json_);
  LogRecord view;
  view.timestamp_ms = record.timestamp_ms;
  view.status = static_cast<LogStatus>(record.status);
  view.json = json_;
  view.message = record.message;
  view.logger = logs::logger_name(record.logger);
  view.format = logs::format_name(record.format);
  view.component = record.component;
  view.component_value = record.component_value;
  view.http_status = record.http_status;
  view.http_method = record.http_method;
  view.http_url = record.http_url;
  view.error_message = record.error_message;
  view.error_kind = logs::error_kind_name(record.error_kind);
  sink.submit_log(view);
}

LogRunOutcome LogSource::poll(std::chrono::steady_clock::time_point deadline,
                              const CancelToken& cancel, Sink& sink) {
  logs::TailRun run = tailer_.poll(deadline, cancel, now_ms(),
                                   [&](const logs::Record& record) { deliver(record, sink); });
  counts_.add_bytes(run.stats.bytes);
  if (output_) output_->flush();
  LogRunOutcome out;
  out.stats = run.stats;
  out.cancelled = run.status.code() == StatusCode::kCancelled;
  out.warnings = std::move(run.warnings);
  if (output_) {
    if (std::string problem = output_->take_problems(); !problem.empty()) {
      out.warnings.push_back(std::move(problem));
    }
  }
  if (out.cancelled) {
    out.notes.push_back("log tailing stopped at a cancel; " + kib(run.stats.pending_bytes) +
                        " left for the next run");
  } else if (run.status.code() == StatusCode::kDeadlineExceeded) {
    out.notes.push_back("log tailing stopped at the run's deadline; " +
                        kib(run.stats.pending_bytes) + " left for the next run");
  } else if (run.stats.pending_bytes > 0) {
    out.notes.push_back("log_max_bytes_per_run reached; " + kib(run.stats.pending_bytes) +
                        " left for the next run");
  }
  if (run.stats.truncated > 0) {
    out.notes.push_back(std::to_string(run.stats.truncated) +
                        " log records had a line over 256 KiB, cut and marked krakend.truncated");
  }
  return out;
}

void LogSource::submit_counts(Sink& sink, std::string_view namespace_prefix,
                              std::span<const std::string> tags) {
  const bool flush_first_value = counted_once_;
  counts_.visit(
      [&](std::string_view metric, std::span<const std::string_view> own, std::uint64_t value) {
        name_.assign(namespace_prefix);
        name_ += ".logs.";
        name_ += metric;
        name_ += ".count";
        tag_views_.assign(tags.begin(), tags.end());
        tag_views_.insert(tag_views_.end(), own.begin(), own.end());
        sink.submit_metric(name_, SubmitType::kMonotonicCount, static_cast<double>(value),
                           tag_views_, "", flush_first_value);
      });
  counted_once_ = true;
}

void LogSource::release_memory() noexcept {
  std::string().swap(json_);
  if (output_) output_->release_memory();
}

}  // namespace kcheck
