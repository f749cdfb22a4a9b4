// The kind of a file that is not a regular one, as error messages name it ("a FIFO"), for
// every layer that opens a path given by the user (the scraper's option files, the log
// tailer). Header-only: no layer depends on another for it.
#pragma once

#include <sys/stat.h>

#include <string_view>

namespace kcheck {

inline std::string_view file_kind(mode_t mode) noexcept {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "of an unknown kind";
}

}  // namespace kcheck
