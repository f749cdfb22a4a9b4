// The host callbacks of the host-stub: copy each submission and hand it to the reporter.
#pragma once

#include <cstddef>

#include "kcheck.h"
#include "reporter.hpp"

namespace kcheck::stub {

/// The host_ctx of one instance.
struct Recorder {
  Reporter* reporter = nullptr;
  int instance = 0;
  std::size_t submissions = 0;  ///< since the last reset (one run)
  bool lost = false;            ///< a callback could not record (out of memory)
  /// --format quiet: submissions are counted, not copied, so that a run's duration is the
  /// plugin's (log lines still reach the reporter).
  bool count_only = false;
};

/// The callback table; every callback expects a Recorder* as host_ctx. Callbacks never let
/// an exception out (they are called through C frames).
const kcheck_host_callbacks& recorder_callbacks() noexcept;

}  // namespace kcheck::stub
