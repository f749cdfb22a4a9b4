// Locating ../shared (third-party fixtures) from tests. Never copied into the repository.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace kcheck::test {

/// The shared data folder: $KCHECK_SHARED_DIR, else the build-time default (../shared).
inline std::optional<std::filesystem::path> shared_dir() {
  const char* env = std::getenv("KCHECK_SHARED_DIR");
  std::filesystem::path p = (env && *env) ? env : KCHECK_SHARED_DIR_DEFAULT;
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) return p;
  return std::nullopt;
}

/// Exit code CTest maps to "Skipped" (SKIP_RETURN_CODE 77).
inline constexpr int kSkipExitCode = 77;

/// Prints a loud skip notice for a test that needs ../shared.
inline void announce_skip(const std::string& what) {
  std::fprintf(stderr,
               "SKIPPED: %s needs the shared test data (../shared or $KCHECK_SHARED_DIR), "
               "which is not present\n",
               what.c_str());
}

/// The project's own small test inputs (tests/data).
inline std::filesystem::path data_dir() {
  return KCHECK_TEST_DATA_DIR;
}

/// Reads a whole file as bytes; nullopt when unreadable.
inline std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kcheck::test
