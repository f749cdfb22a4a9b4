// Family quarantine (contract §8): a line that does not parse, or a family that breaks a
// format rule, costs that family and nothing else. Every sample of it is dropped, also those
// recorded before the error (no histogram is ever half-submitted), and those of later blocks
// of the same family; the run goes on and says what it dropped.
#include <string>
#include <string_view>

#include "config/key_path.hpp"
#include "map/krakend_map.hpp"
#include "map/mapper_impl.hpp"

namespace kcheck::map {

std::string RunWarnings::message() const {
  std::string out;
  if (families_dropped != 0) {
    out = std::to_string(families_dropped) +
          (families_dropped == 1 ? " family dropped; first: " : " families dropped; first: ") +
          first_drop;
  }
  if (contexts_dropped != 0) {
    if (!out.empty()) out += "; ";
    out += "max_returned_metrics reached: " + std::to_string(contexts_dropped) +
           " contexts dropped (limit " + std::to_string(context_limit) + ")";
  }
  return out;
}

bool Mapper::Impl::is_quarantined(std::string_view family) const {
  return quarantined_.find(family) != quarantined_.end();
}

void Mapper::Impl::quarantine(std::string_view family, const ParseError& error,
                              std::string_view payload) {
  resync_ = true;
  if (!quarantined_.emplace(family).second) return;  // counted once, whatever its errors
  ++warnings_.families_dropped;
  // Only the first error is spelled out: its line and column cost a pass over the payload,
  // which for every one of many bad lines would make the run quadratic.
  if (warnings_.first_drop.empty()) {
    constexpr std::size_t kShown = 128;  // a hostile name must not fill the health message
    const std::string_view shown = family.substr(0, kShown);
    warnings_.first_drop =
        (family.empty() ? std::string("a line outside any family")
                        : config::quoted(shown) + (family.size() > kShown ? "..." : "")) +
        " at " + error.to_string(payload);
  }
  if (plan_ != nullptr && plan_->raw_name == family) {
    // What the family's current block recorded goes; its later samples are skipped.
    counts_.processed -= pending_.size() - family_begin_;
    counts_.ignored += pending_.size() - family_begin_;
    pending_.resize(family_begin_);
    family_has_buckets_ = false;
    plan_quarantined_ = true;
  }
}

void Mapper::Impl::drop_quarantined_blocks() {
  if (quarantined_.empty()) return;
  for (const FamilyBlock& b : blocks_) {
    if (b.plan == nullptr || !is_quarantined(b.plan->raw_name)) continue;
    for (std::size_t i = b.begin; i < b.end; ++i) {
      if (pending_[i].name != nullptr) {
        pending_[i].name = nullptr;
        --counts_.processed;
        ++counts_.ignored;
      }
    }
  }
}

}  // namespace kcheck::map
