// Metric types and the sample-name suffixes each type owns, per format.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "kcheck/parse.hpp"

namespace kcheck::parse {

/// What a sample is within its family, from the suffix after the family name.
enum class SuffixKind : std::uint8_t {
  kNone,  ///< no suffix: gauge, unknown, stateset, summary quantile, 0.0.4 counter
  kTotal,
  kCreated,
  kBucket,
  kCount,
  kSum,
  kGCount,
  kGSum,
  kInfo,
};

struct SuffixRule {
  std::string_view text;
  SuffixKind kind;
};

/// Suffixes a family of `type` owns in `format` (0.0.4: a histogram owns _bucket/_sum/_count,
/// a counter its own name and, leniently, name_total; OpenMetrics: section "Metric types").
std::span<const SuffixRule> owned_suffixes(Format format, MetricType type) noexcept;

/// Every suffix any family may own in `format`: what a family owns when the TYPE line that
/// would have said which ones is broken, so that none of its samples pass for another family.
std::span<const SuffixRule> any_suffixes(Format format) noexcept;

/// The rule matching `sample_name` for a family named `family_name`, or nullptr.
inline const SuffixRule* match_suffix(std::string_view family_name,
                                      std::span<const SuffixRule> rules,
                                      std::string_view sample_name) noexcept {
  if (sample_name.size() < family_name.size() ||
      sample_name.compare(0, family_name.size(), family_name) != 0) {
    return nullptr;
  }
  const std::string_view rest = sample_name.substr(family_name.size());
  for (const SuffixRule& r : rules) {
    if (r.text == rest) return &r;
  }
  return nullptr;
}

/// Parses the type word of a TYPE line: 0.0.4 takes counter, gauge, histogram, summary and
/// untyped in any case (as Go's expfmt does); OpenMetrics takes its eight lowercase words.
bool parse_metric_type(std::string_view word, Format format, MetricType* out) noexcept;

}  // namespace kcheck::parse
