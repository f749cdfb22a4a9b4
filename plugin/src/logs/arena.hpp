// The parser's scratch space: one block allocated with the parser and reset per record, so
// that rewritten text (redaction, unescaping, colour stripping) costs no allocation and the
// views into it stay valid until the record is replaced.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace kcheck::logs {

class Arena {
 public:
  explicit Arena(std::size_t capacity) : data_(new char[capacity]), capacity_(capacity) {}

  void reset() noexcept { used_ = 0; }

  /// Where the next piece is written, and how many bytes it may take.
  char* cursor() noexcept { return data_.get() + used_; }
  std::size_t room() const noexcept { return capacity_ - used_; }

  /// Keeps the `size` bytes written at cursor() (size <= room()).
  std::string_view commit(std::size_t size) noexcept {
    const std::string_view piece(data_.get() + used_, size);
    used_ += size;
    return piece;
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_;
  std::size_t used_ = 0;
};

/// Appends to the arena's cursor without passing its end; `overflowed` tells the caller the
/// text was cut.
class ArenaWriter {
 public:
  explicit ArenaWriter(Arena& arena) : arena_(arena), out_(arena.cursor()), room_(arena.room()) {}

  void put(std::string_view text) noexcept {
    const std::size_t n = text.size() < room_ - size_ ? text.size() : room_ - size_;
    for (std::size_t i = 0; i < n; ++i) out_[size_ + i] = text[i];
    size_ += n;
    overflowed_ = overflowed_ || n < text.size();
  }
  void put(char c) noexcept { put(std::string_view(&c, 1)); }

  bool overflowed() const noexcept { return overflowed_; }
  std::string_view finish() noexcept { return arena_.commit(size_); }

 private:
  Arena& arena_;
  char* out_;
  std::size_t room_;
  std::size_t size_ = 0;
  bool overflowed_ = false;
};

}  // namespace kcheck::logs
