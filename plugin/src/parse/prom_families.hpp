// Families of a Prometheus 0.0.4 exposition, indexed by name. Go's expfmt merges the samples
// of a family even when another family comes between them; so do we: a sample that belongs
// to an earlier family re-opens it, and the parser announces that family again (kFamily)
// with its metadata. Lookups happen only when a sample does not fit the current family.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kcheck/parse.hpp"
#include "metric_type.hpp"

namespace kcheck::parse {

struct PromFamilyRecord {
  std::string_view name;
  MetricType type = MetricType::kUnknown;
  bool has_type = false;
  bool has_help = false;
  bool had_samples = false;
  bool broken_meta = false;   ///< a '#' line naming it did not lex: it owns every suffix
  std::string_view help_raw;  ///< still escaped

  std::span<const SuffixRule> owned() const noexcept {
    return broken_meta ? any_suffixes(Format::kPrometheus)
                       : owned_suffixes(Format::kPrometheus, type);
  }
};

class PromFamilies {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  /// Index of the family named `name`, or kNone.
  std::uint32_t find(std::string_view name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? kNone : it->second;
  }

  /// Adds a family named `name` (not yet present) and returns its index.
  std::uint32_t add(std::string_view name) {
    const auto i = static_cast<std::uint32_t>(records_.size());
    records_.push_back({});
    records_.back().name = name;
    index_.emplace(name, i);
    return i;
  }

  PromFamilyRecord& at(std::uint32_t i) noexcept { return records_[i]; }
  const PromFamilyRecord& at(std::uint32_t i) const noexcept { return records_[i]; }

  /// The earlier family that owns a sample called `sample_name` and the rule that matched,
  /// or kNone: tries the name itself, then the name without each 0.0.4 suffix.
  std::uint32_t find_owner(std::string_view sample_name, const SuffixRule** rule) const {
    for (const SuffixRule& any : any_suffixes(Format::kPrometheus)) {
      const std::string_view suffix = any.text;
      if (sample_name.size() <= suffix.size() ||
          sample_name.substr(sample_name.size() - suffix.size()) != suffix) {
        continue;
      }
      const std::uint32_t i = find(sample_name.substr(0, sample_name.size() - suffix.size()));
      if (i == kNone) continue;
      const PromFamilyRecord& r = records_[i];
      const SuffixRule* m = match_suffix(r.name, r.owned(), sample_name);
      if (m != nullptr) {
        *rule = m;
        return i;
      }
    }
    return kNone;
  }

 private:
  std::vector<PromFamilyRecord> records_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
};

}  // namespace kcheck::parse
