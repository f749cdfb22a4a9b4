// Adapter-only instance options: read from the Agent's instance YAML and removed from it before
// the text reaches the core, whose schema rejects keys it does not know.
#pragma once

#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::datadog {

/// The instance key that opts in to the Agent's log callback (the 6th aggregator slot).
inline constexpr std::string_view kNativeLogKey = "native_log";

/// An instance text split into what the core reads and what only the adapter reads.
struct PreparedInstance {
  std::string core_text;    ///< the instance YAML without adapter-only keys
  bool native_log = false;  ///< `native_log: true` was set
};

/// Reads and strips `native_log` from the Agent's instance YAML (block style, as the Agent
/// re-serialises it). Text without the key, or text that is not YAML, is passed on unchanged
/// so that the core reports its own errors. Errors: kInvalidArgument for a non-boolean value or
/// a key that cannot be removed without rewriting the document (flow style or JSON).
Result<PreparedInstance> prepare_instance(std::string_view instance_text);

}  // namespace kcheck::datadog
