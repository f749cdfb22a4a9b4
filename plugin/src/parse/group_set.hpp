// A set of 64-bit series hashes for the OpenMetrics rule "the samples of one series are
// contiguous". It is cleared once per family, so clearing is O(1): every slot carries the
// generation it was written in, and slots of older generations count as empty. The table
// keeps its capacity across families, so steady state does not allocate.
#pragma once

#include <cstdint>
#include <vector>

namespace kcheck::parse {

class GroupSet {
 public:
  /// Forgets every member.
  void clear() noexcept {
    ++generation_;
    size_ = 0;
  }

  /// Inserts `hash`; false when it was already a member.
  bool insert(std::uint64_t hash) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.generation != generation_) {
        s = {hash, generation_};
        ++size_;
        return true;
      }
      if (s.hash == hash) return false;
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint64_t generation = 0;  // 0 is never current: generation_ starts at 1
  };

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    const std::uint64_t live = generation_;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.generation == live) insert(s.hash);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::uint64_t generation_ = 1;
};

}  // namespace kcheck::parse
