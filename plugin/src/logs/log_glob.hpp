// `log_files`: paths or POSIX glob(3) patterns, expanded at every run so that files created
// since the last run are picked up.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kcheck::logs {

struct GlobResult {
  std::vector<std::string> paths;  ///< sorted, without duplicates, at most `max_files`
  std::vector<std::string> warnings;
};

/// Expands each pattern. A pattern that matches nothing stays as itself (GLOB_NOCHECK), so
/// that opening it reports the missing file. Matches past `max_files` are left out, with a
/// warning saying how many.
GlobResult expand_log_files(const std::vector<std::string>& patterns, std::size_t max_files);

}  // namespace kcheck::logs
