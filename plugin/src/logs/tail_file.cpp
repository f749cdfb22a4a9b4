#include "logs/tail_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "common/file_kind.hpp"

namespace kcheck::logs {
namespace {

Status cannot(std::string_view what, const std::string& path, int err) {
  return unavailable("cannot " + std::string(what) + " \"" + path + "\": " + std::strerror(err));
}

}  // namespace

Result<TailFile> TailFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return cannot("open", path, errno);
  TailFile file(fd, path);  // closes fd on every return below
  struct stat st {};
  if (::fstat(fd, &st) != 0) return cannot("stat", path, errno);
  if (!S_ISREG(st.st_mode)) {
    return unavailable("\"" + path + "\" is not a regular file (" +
                       std::string(file_kind(st.st_mode)) + ")");
  }
  file.identity_ = {st.st_dev, st.st_ino};
  file.size_ = static_cast<std::uint64_t>(st.st_size);
  return file;
}

TailFile::TailFile(TailFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      identity_(other.identity_),
      size_(other.size_) {}

TailFile::~TailFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::size_t> TailFile::read_at(std::uint64_t offset, char* out, std::size_t size) const {
  for (;;) {
    const ssize_t got = ::pread(fd_, out, size, static_cast<off_t>(offset));
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) return cannot("read", path_, errno);
  }
}

bool identity_of(const std::string& path, FileIdentity& out) noexcept {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  out = {st.st_dev, st.st_ino};
  return true;
}

}  // namespace kcheck::logs
