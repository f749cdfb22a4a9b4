// The hash index behind repeats_label() for label sets too large to scan (lexer.hpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "kcheck/cancel.hpp"
#include "lexer.hpp"

namespace kcheck::parse {

namespace {

std::size_t slot_of(std::string_view name, std::size_t mask) noexcept {
  return std::hash<std::string_view>{}(name)&mask;
}

// Open addressing, linear probing; the table is kept at most half full.
void insert(const std::vector<Label>& labels, std::uint32_t label,
            std::vector<std::uint32_t>* slots) {
  const std::size_t mask = slots->size() - 1;
  std::size_t i = slot_of(labels[label].name, mask);
  while ((*slots)[i] != 0) i = (i + 1) & mask;
  (*slots)[i] = label + 1;
}

void rebuild(const std::vector<Label>& labels, std::size_t capacity, LabelIndex* index) {
  index->slots.assign(capacity, 0);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    insert(labels, static_cast<std::uint32_t>(i), &index->slots);
  }
  index->indexed = static_cast<std::uint32_t>(labels.size());
}

}  // namespace

void LabelIndex::clear() noexcept {
  // Emptied, not zeroed: the next large set sizes (and zeroes) the table for its own label
  // count, so one huge line does not make every later 33-label line clear a huge table.
  // The capacity stays, so a steady payload does not allocate.
  if (indexed == 0) return;
  slots.clear();
  indexed = 0;
}

bool repeats_label_indexed(std::string_view name, const std::vector<Label>& labels,
                           LabelIndex* index) {
  if (labels.size() % kCancelCheckLabels == 0 && index->cancel != nullptr &&
      index->cancel->cancelled()) {
    return true;
  }
  const std::size_t wanted = std::max<std::size_t>(4 * kScannedLabels, 2 * (labels.size() + 1));
  if (index->indexed == 0 || index->slots.size() < wanted) {
    std::size_t capacity = std::max<std::size_t>(index->slots.size(), 4 * kScannedLabels);
    while (capacity < wanted) capacity *= 2;
    rebuild(labels, capacity, index);
  }
  const std::size_t mask = index->slots.size() - 1;
  std::size_t i = slot_of(name, mask);
  for (; index->slots[i] != 0; i = (i + 1) & mask) {
    if (labels[index->slots[i] - 1].name == name) return true;
  }
  // `name` is appended next, at labels.size().
  index->slots[i] = static_cast<std::uint32_t>(labels.size()) + 1;
  ++index->indexed;
  return false;
}

}  // namespace kcheck::parse
