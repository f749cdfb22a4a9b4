// A chunked byte arena for the tag strings of one run. Chunks never move, so the views it
// hands out stay valid until reset(); reset() keeps the chunks, so a warmed-up instance builds
// its tags without allocating.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace kcheck::map {

class Arena {
 public:
  /// Forgets every string; keeps the memory for the next run.
  void reset() noexcept {
    chunk_ = 0;
    used_ = 0;
  }

  /// Frees every chunk.
  void release() noexcept {
    chunks_.clear();
    chunks_.shrink_to_fit();
    reset();
  }

  /// Frees the chunks beyond those the last run used when it used under a quarter of them,
  /// so that one huge run does not pin its memory for the instance's life.
  void trim() noexcept {
    const std::size_t used = chunk_ + 1;
    if (chunks_.size() > kKeptChunks && chunks_.size() / 4 > used) chunks_.resize(used);
  }

  /// Copies the concatenation of `parts` and returns a view of it.
  template <typename... Parts>
  std::string_view concat(const Parts&... parts) {
    const std::size_t total = (std::string_view(parts).size() + ... + 0);
    char* out = reserve(total);
    char* p = out;
    ((p = put(p, std::string_view(parts))), ...);
    return {out, total};
  }

 private:
  static constexpr std::size_t kChunkSize = std::size_t{64} << 10;
  static constexpr std::size_t kKeptChunks = 16;  // 1 MiB is always kept

  struct Chunk {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
  };

  static char* put(char* p, std::string_view s) noexcept {
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }

  char* reserve(std::size_t n) {
    while (chunk_ < chunks_.size()) {
      Chunk& c = chunks_[chunk_];
      if (c.size - used_ >= n) {
        char* out = c.data.get() + used_;
        used_ += n;
        return out;
      }
      ++chunk_;
      used_ = 0;
    }
    const std::size_t size = std::max(kChunkSize, n);
    chunks_.push_back(Chunk{std::make_unique<char[]>(size), size});
    chunk_ = chunks_.size() - 1;
    used_ = n;
    return chunks_.back().data.get();
  }

  std::vector<Chunk> chunks_;
  std::size_t chunk_ = 0;  // chunk being filled
  std::size_t used_ = 0;   // bytes used in it
};

}  // namespace kcheck::map
