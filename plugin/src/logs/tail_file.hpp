// One log file opened for one read: never blocks (FIFOs and devices are refused after the
// open, on the descriptor itself) and is closed when the object goes.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "kcheck/status.hpp"

namespace kcheck::logs {

/// What stays the same across a rename and changes when a path names another file.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

class TailFile {
 public:
  /// Opens `path` read-only, O_NONBLOCK (a FIFO would otherwise wait for a writer) and
  /// O_CLOEXEC, and requires a regular file. Errors name the path and what happened.
  static Result<TailFile> open(const std::string& path);

  TailFile(TailFile&& other) noexcept;
  TailFile& operator=(TailFile&&) = delete;
  TailFile(const TailFile&) = delete;
  TailFile& operator=(const TailFile&) = delete;
  ~TailFile();

  FileIdentity identity() const noexcept { return identity_; }
  /// The size when the file was opened: a run reads up to it, what comes later waits.
  std::uint64_t size() const noexcept { return size_; }

  /// Reads up to `size` bytes at `offset` (fewer at the end of the file, 0 past it).
  Result<std::size_t> read_at(std::uint64_t offset, char* out, std::size_t size) const;

 private:
  TailFile(int fd, std::string path) noexcept : fd_(fd), path_(std::move(path)) {}

  int fd_;
  std::string path_;
  FileIdentity identity_;
  std::uint64_t size_ = 0;
};

/// The identity of what `path` names now (stat, no open), or nothing if it cannot be read.
bool identity_of(const std::string& path, FileIdentity& out) noexcept;

}  // namespace kcheck::logs
