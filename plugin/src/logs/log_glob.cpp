#include "logs/log_glob.hpp"

#include <glob.h>

#include <algorithm>

namespace kcheck::logs {
namespace {

// Frees the glob's list on every return path.
class Glob {
 public:
  Glob() = default;
  Glob(const Glob&) = delete;
  Glob& operator=(const Glob&) = delete;
  ~Glob() { ::globfree(&g_); }
  glob_t* get() noexcept { return &g_; }

 private:
  glob_t g_{};
};

}  // namespace

GlobResult expand_log_files(const std::vector<std::string>& patterns, std::size_t max_files) {
  GlobResult result;
  for (const std::string& pattern : patterns) {
    Glob g;
    // GLOB_NOSORT: the union of all patterns is sorted once below.
    const int rc = ::glob(pattern.c_str(), GLOB_NOSORT | GLOB_NOCHECK, nullptr, g.get());
    if (rc == GLOB_NOSPACE) {
      result.warnings.push_back("log_files: \"" + pattern + "\": out of memory expanding it");
      continue;
    }
    if (rc != 0) {
      // GLOB_ABORTED (an unreadable directory): the pattern is reported as a missing file.
      result.paths.push_back(pattern);
      continue;
    }
    for (std::size_t i = 0; i < g.get()->gl_pathc; ++i)
      result.paths.emplace_back(g.get()->gl_pathv[i]);
  }
  std::sort(result.paths.begin(), result.paths.end());
  result.paths.erase(std::unique(result.paths.begin(), result.paths.end()), result.paths.end());
  if (result.paths.size() > max_files) {
    result.warnings.push_back("log_files: " + std::to_string(result.paths.size()) +
                              " files match, only the first " + std::to_string(max_files) +
                              " (in name order) are read");
    result.paths.resize(max_files);
  }
  return result;
}

}  // namespace kcheck::logs
