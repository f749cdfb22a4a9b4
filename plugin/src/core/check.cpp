#include "core/check.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kcheck {

namespace {
constexpr std::string_view kHealthName = ".openmetrics.health";

bool is_connection_failure(const Status& s) {
  return s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kDeadlineExceeded;
}

/// Milliseconds since `since`, printed with microsecond resolution ("2.283").
std::string elapsed_ms(std::chrono::steady_clock::time_point since) {
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
  std::array<char, 32> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), ms, std::chars_format::fixed, 3);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("?");
}
}  // namespace

Result<std::unique_ptr<Check>> Check::create(std::string_view init_config_text,
                                             std::string_view instance_text, int instance_index) {
  auto cfg = config::load_instance(init_config_text, instance_text, instance_index);
  if (!cfg.ok()) return cfg.status();
  return std::make_unique<Check>(std::move(cfg).value());
}

Check::Check(config::InstanceConfig config)
    : config_(std::move(config)), client_(config_.http), mapper_(config_) {
  if (config_.logs.enabled()) logs_ = std::make_unique<LogSource>(config_.logs);
}

void Check::Health::add(CheckStatus s, std::string_view text) {
  if (static_cast<int>(s) > static_cast<int>(status)) status = s;
  if (text.empty()) return;
  if (!message.empty()) message += "; ";
  message += text;
}

std::vector<std::string> Check::instance_tags() const {
  std::vector<std::string> owned(config_.map.tags.begin(), config_.map.tags.end());
  if (config_.map.service) owned.push_back("service:" + *config_.map.service);
  if (config_.map.tag_by_endpoint) owned.push_back("endpoint:" + config_.http.endpoint);
  return owned;
}

void Check::send_health(Sink& sink, const Health& health) {
  if (!config_.map.enable_health_service_check) return;
  const std::vector<std::string> owned = instance_tags();
  std::vector<std::string_view> tags(owned.begin(), owned.end());
  const std::string name = config_.map.namespace_prefix + std::string(kHealthName);
  sink.submit_service_check(name, health.status, tags, "", health.message);
}

Status Check::run(Sink& sink) {
  // A cancel() that arrived between runs is not meant for this run.
  cancel_.reset();
  return run(sink, cancel_);
}

Status Check::run(Sink& sink, const CancelToken& cancel) {
  // The layers below return errors as values, but allocation (and the sink, which may be
  // anyone's code) can still throw; a run reports that as its status instead.
  try {
    return run_unguarded(sink, cancel);
  } catch (const std::bad_alloc&) {
    return resource_exhausted("out of memory during the run");
  } catch (const std::exception& e) {
    return internal_error(std::string("unexpected exception during the run: ") + e.what());
  } catch (...) {
    return internal_error("unexpected exception during the run");
  }
}

Status Check::run_unguarded(Sink& sink, const CancelToken& cancel) {
  // A cancel that landed before the run started is honoured without touching anything.
  if (cancel.cancelled()) return cancelled("run cancelled");
  Health health;
  // The logs first: they are local and bounded by log_max_bytes_per_run, and an endpoint that
  // hangs until the timeout must not starve them (a failing gateway is when they matter).
  std::optional<LogRunOutcome> logs;
  // Once a record has reached the host the run has begun submitting: a cancel still stops
  // what is left (reading, the scrape), but the run ends as every run does, with the log
  // counts and the health check, never half a run.
  bool submitting = false;
  if (logs_) {
    logs = logs_->poll(std::chrono::steady_clock::now() + config_.http.timeout, cancel, sink);
    submitting = logs->stats.records > 0 && sink.forwards_log_records();
    if (logs->cancelled && !submitting) return cancelled("run cancelled");
    for (const std::string& note : logs->notes) sink.log(LogLevel::kInfo, note);
    for (const std::string& warning : logs->warnings) sink.log(LogLevel::kWarning, warning);
  }
  Status scraped =
      logs && logs->cancelled ? cancelled("run cancelled") : scrape(sink, cancel, health);
  if (scraped.code() == StatusCode::kCancelled) {
    if (!submitting) return scraped;
    // Nothing of the payload was submitted (the scrape is all or nothing).
    health.add(CheckStatus::kUnknown,
               "run cancelled before the scrape of " + config_.http.endpoint + " was submitted");
  }
  if (logs) {
    logs_->submit_counts(sink, config_.map.namespace_prefix, instance_tags());
    // A log file that vanished is worth a WARNING, never a failed metrics run. The first few
    // are named (all of them are in the check's log): a glob of 64 missing files must not make
    // a health message of kilobytes.
    constexpr std::size_t kNamedLogWarnings = 3;
    const std::size_t named = std::min(logs->warnings.size(), kNamedLogWarnings);
    for (std::size_t i = 0; i < named; ++i) health.add(CheckStatus::kWarning, logs->warnings[i]);
    if (logs->warnings.size() > named) {
      health.add(CheckStatus::kWarning,
                 "and " + std::to_string(logs->warnings.size() - named) + " more log warnings");
    }
  }
  send_health(sink, health);
  return scraped;
}

Status Check::scrape(Sink& sink, const CancelToken& cancel, Health& health) {
  const auto started = std::chrono::steady_clock::now();
  auto response = client_.fetch(cancel);
  if (!response.ok()) {
    const Status& st = response.status();
    if (st.code() == StatusCode::kCancelled) return st;
    health.add(CheckStatus::kCritical, st.message());
    if (is_connection_failure(st) && !client_.last_failure_was_answer() &&
        config_.map.ignore_connection_errors) {
      sink.log(LogLevel::kWarning, st.message());
      return Status();
    }
    return st;
  }
  if (cancel.cancelled()) return cancelled("run cancelled");
  for (const std::string& warning : response->warnings) sink.log(LogLevel::kWarning, warning);
  sink.log(LogLevel::kDebug, "scraped " + config_.http.endpoint + ": HTTP " +
                                 std::to_string(response->status) + ", " +
                                 std::to_string(response->body.size()) + " bytes, " +
                                 elapsed_ms(started) + " ms");
  const Format format = format_from_content_type(response->content_type);
  Status mapped = mapper_.map_payload(response->body, format, sink, &cancel, response->wire_bytes);
  if (mapped.code() == StatusCode::kCancelled) return mapped;
  // "line L col C: ..." is only useful with the endpoint it is about.
  if (mapped.code() == StatusCode::kDataLoss) {
    mapped = mapped.with_context("invalid payload from " + config_.http.endpoint + ": ");
  } else if (mapped.code() == StatusCode::kResourceExhausted) {
    mapped = mapped.with_context("payload from " + config_.http.endpoint + " refused: ");
  }
  if (!mapped.ok()) {
    // The endpoint answered but its payload is unusable: nothing of it was submitted,
    // and the health check says why instead of a misleading OK.
    health.add(CheckStatus::kCritical, mapped.message());
    return mapped;
  }
  // Part of the payload was dropped: the run counts, and the health check says what went.
  if (const map::RunWarnings& dropped = mapper_.warnings(); dropped.any()) {
    const std::string message = dropped.message();
    sink.log(LogLevel::kWarning, "scrape of " + config_.http.endpoint + ": " + message);
    health.add(CheckStatus::kWarning, message);
  }
  return Status();
}

}  // namespace kcheck
