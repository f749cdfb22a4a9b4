// The time budget of one fetch: one total deadline (`timeout`) that phase limits
// (`connect_timeout`, `read_timeout`) can only tighten.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace kcheck::http {

using Clock = std::chrono::steady_clock;

/// The deadline that applies to one phase, and which option set it (for messages).
struct Limit {
  Clock::time_point at;
  std::chrono::milliseconds length{0};
  std::string_view option;  ///< "timeout", "connect_timeout" or "read_timeout"
};

/// Deadlines of one fetch, redirects included.
class Budget {
 public:
  Budget(const config::HttpOptions& options, Clock::time_point start);

  /// Resolve + connect + TLS handshake of a connection opened at `now`.
  Limit connect_phase(Clock::time_point now) const;
  /// Write + response headers + body of a request sent at `now`.
  Limit read_phase(Clock::time_point now) const;

 private:
  Limit phase(Clock::time_point now, const std::optional<std::chrono::milliseconds>& length,
              std::string_view option) const;

  Limit total_;
  std::optional<std::chrono::milliseconds> connect_;
  std::optional<std::chrono::milliseconds> read_;
};

/// "10 s", "300 ms", "1.5 s".
std::string format_duration(std::chrono::milliseconds d);

/// "timed out after 300 ms waiting for response headers from http://..." (+ " (read_timeout)"
/// when a phase option, not the total timeout, set the limit).
std::string timeout_message(const Limit& limit, std::string_view activity);

}  // namespace kcheck::http
