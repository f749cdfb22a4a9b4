#include "logs/ndjson_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace kcheck::logs {
namespace {

constexpr std::size_t kMaxBuffer = 1024 * 1024;

std::string errno_text(int err) {
  return std::strerror(err);
}

}  // namespace

NdjsonOutput::NdjsonOutput(std::string path, std::uint64_t max_bytes)
    : path_(std::move(path)),
      rotated_path_(path_ + ".1"),
      max_bytes_(std::max<std::uint64_t>(max_bytes, 1)),
      flush_at_(static_cast<std::size_t>(std::min<std::uint64_t>(kMaxBuffer, max_bytes_ / 4))) {}

void NdjsonOutput::append(std::string_view json) {
  buffer_.append(json);
  buffer_.push_back('\n');
  ++buffered_records_;
  if (buffer_.size() >= flush_at_) flush();
}

int NdjsonOutput::open_for(std::uint64_t incoming) {
  // O_NOFOLLOW: a symlink planted at the path does not redirect the writes; O_NONBLOCK: a
  // FIFO there does not block the run (and is refused below).
  constexpr int kFlags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::open(path_.c_str(), kFlags, 0640);
    if (fd < 0) {
      problem_ = "cannot open it: " + errno_text(errno);
      return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      problem_ = "it is not a regular file";
      return -1;
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // A file already at the cap is rotated; an empty one takes even a record over the cap.
    if (attempt > 0 || size == 0 || size + incoming <= max_bytes_) return fd;
    ::close(fd);
    if (::rename(path_.c_str(), rotated_path_.c_str()) != 0) {
      problem_ = "cannot rotate it to " + rotated_path_ + ": " + errno_text(errno);
      return -1;
    }
  }
  return -1;
}

bool NdjsonOutput::write_all(int fd) {
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      problem_ = "cannot write to it: " + errno_text(n < 0 ? errno : ENOSPC);
      return false;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void NdjsonOutput::flush() {
  if (buffer_.empty()) return;
  bool written = false;
  if (const int fd = open_for(buffer_.size()); fd >= 0) {
    written = write_all(fd);
    ::close(fd);
  }
  if (!written) dropped_records_ += buffered_records_;
  buffer_.clear();
  buffered_records_ = 0;
}

std::string NdjsonOutput::take_problems() {
  if (dropped_records_ == 0) return {};
  std::string out = "log_output " + path_ + ": " + std::to_string(dropped_records_) +
                    (dropped_records_ == 1 ? " record" : " records") + " not written (" + problem_ +
                    ")";
  dropped_records_ = 0;
  problem_.clear();
  return out;
}

void NdjsonOutput::release_memory() noexcept {
  std::string().swap(buffer_);
}

}  // namespace kcheck::logs
