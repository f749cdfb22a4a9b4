// One configured check instance: the orchestration entry -> config -> http -> parse -> map -> emit.
#pragma once

#include <memory>
#include <string_view>

#include "config/config.hpp"
#include "core/log_source.hpp"
#include "core/sink.hpp"
#include "http/client.hpp"
#include "kcheck/status.hpp"
#include "map/krakend_map.hpp"

namespace kcheck {

class Check {
 public:
  /// Validates the configuration texts (YAML or JSON) and builds an instance.
  static Result<std::unique_ptr<Check>> create(std::string_view init_config_text,
                                               std::string_view instance_text,
                                               int instance_index = 0);

  explicit Check(config::InstanceConfig config);
  Check(const Check&) = delete;
  Check& operator=(const Check&) = delete;

  /// One synchronous run: the log files' new records (when log_files is set), then scrape,
  /// parse, map, submit to `sink` on the calling thread, the log counts, and last the health
  /// service check. Nothing of a payload is submitted unless all of it parsed.
  /// Returns the run's status (kCancelled when cancel() was called during the run: nothing
  /// submitted, or, when log records had already been submitted, those records, the log
  /// counts and an UNKNOWN health check; once the payload's submissions begin, the run
  /// completes). Never throws: an exception from a lower layer or from `sink` becomes
  /// kResourceExhausted (allocation) or kInternal.
  Status run(Sink& sink);

  /// As run(sink), but cancellable through a token the caller owns and resets. Lets a
  /// caller keep one token across reconfigurations (the ABI replaces the Check, not the
  /// token another thread may be cancelling).
  Status run(Sink& sink, const CancelToken& cancel);

  /// Makes an in-flight run(sink) return kCancelled promptly. Idempotent, non-blocking,
  /// any thread. A run started after cancel() returns has its own fresh cancellation state.
  void cancel() noexcept { cancel_.cancel(); }

  /// Closes the scraper's kept-alive connection and event loop, so the instance holds no
  /// file descriptor until its next run. Not concurrently with run().
  void close_connections() noexcept { client_.close(); }

  /// Frees the mapper's per-run buffers, so an idle instance costs little more than its
  /// configuration (hosts that cache many instances between runs). Not during run().
  void release_memory() noexcept {
    mapper_.release_memory();
    if (logs_) logs_->release_memory();
  }

  const config::InstanceConfig& config() const noexcept { return config_; }

 private:
  /// The health service check a run ends with: the worst status seen, and its messages.
  struct Health {
    CheckStatus status = CheckStatus::kOk;
    std::string message;
    void add(CheckStatus s, std::string_view text);
  };

  Status run_unguarded(Sink& sink, const CancelToken& cancel);
  /// The metrics half of a run; says in `health` how it went.
  Status scrape(Sink& sink, const CancelToken& cancel, Health& health);
  /// The instance's own tags: instance tags, service, endpoint (health check and log counts).
  std::vector<std::string> instance_tags() const;
  void send_health(Sink& sink, const Health& health);

  config::InstanceConfig config_;
  http::Client client_;
  map::Mapper mapper_;
  std::unique_ptr<LogSource> logs_;  ///< null without log_files
  CancelToken cancel_;
};

}  // namespace kcheck
