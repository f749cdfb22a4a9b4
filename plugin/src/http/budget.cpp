#include "http/budget.hpp"

namespace kcheck::http {

Budget::Budget(const config::HttpOptions& options, Clock::time_point start)
    : total_{start + options.timeout, options.timeout, "timeout"},
      connect_(options.connect_timeout),
      read_(options.read_timeout) {}

Limit Budget::phase(Clock::time_point now, const std::optional<std::chrono::milliseconds>& length,
                    std::string_view option) const {
  if (!length) return total_;
  const Clock::time_point at = now + *length;
  // A phase limit never extends the total deadline: `timeout` bounds the whole fetch.
  if (at >= total_.at) return total_;
  return Limit{at, *length, option};
}

Limit Budget::connect_phase(Clock::time_point now) const {
  return phase(now, connect_, "connect_timeout");
}

Limit Budget::read_phase(Clock::time_point now) const {
  return phase(now, read_, "read_timeout");
}

std::string format_duration(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  std::string frac = std::to_string(ms % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return std::to_string(ms / 1000) + "." + frac + " s";
}

std::string timeout_message(const Limit& limit, std::string_view activity) {
  std::string m = "timed out after " + format_duration(limit.length) + " ";
  m += activity;
  if (limit.option != "timeout") {
    m += " (";
    m += limit.option;
    m += ")";
  }
  return m;
}

}  // namespace kcheck::http
