#include "http/option_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "common/file_kind.hpp"

namespace kcheck::http {

namespace {

// Closes the descriptor on every return path.
class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::string format_size(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Status bad_file(std::string_view option, const std::string& path, std::string_view why) {
  return invalid_argument(std::string(option) + ": \"" + path + "\" " + std::string(why));
}

Status cannot_read(std::string_view option, const std::string& path, int err) {
  return invalid_argument(std::string(option) + ": cannot read \"" + path +
                          "\": " + std::strerror(err));
}

}  // namespace

Result<std::string> read_option_file(std::string_view option, const std::string& path,
                                     std::size_t cap) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  // The kind is checked on the open descriptor (fstat), so a path swapped between a check
  // and the open cannot slip a FIFO or a device through.
  const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return cannot_read(option, path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return cannot_read(option, path, errno);
  if (!S_ISREG(st.st_mode)) {
    return bad_file(option, path,
                    "is not a regular file (" + std::string(file_kind(st.st_mode)) + ")");
  }
  const std::string too_large = "is larger than " + format_size(cap);
  if (static_cast<std::uint64_t>(st.st_size) > cap) return bad_file(option, path, too_large);

  // The file may grow after fstat: read at most cap + 1 bytes, one over is enough to know.
  std::string content(static_cast<std::size_t>(st.st_size) + 1, '\0');
  std::size_t size = 0;
  while (true) {
    if (size == content.size()) {
      if (size > cap) return bad_file(option, path, too_large);
      content.resize(std::min(cap + 1, content.size() * 2));
    }
    const ssize_t got = ::read(fd.get(), content.data() + size, content.size() - size);
    if (got < 0) {
      if (errno == EINTR) continue;
      return cannot_read(option, path, errno);
    }
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  if (size > cap) return bad_file(option, path, too_large);
  content.resize(size);
  return content;
}

}  // namespace kcheck::http
