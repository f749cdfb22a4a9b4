// The semantic rules of OpenMetrics 1.0 that a grammar cannot express: family names that
// clash, series that are not contiguous, timestamps that go backwards, counter-like values
// that are negative or NaN, histogram bucket rules, info/stateset values, where exemplars
// may appear. Every check compares with the previous sample or with small per-series state,
// so the cost per sample is a few comparisons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

#include "group_set.hpp"
#include "kcheck/parse.hpp"
#include "lexer.hpp"
#include "metric_type.hpp"

namespace kcheck::parse {

class OmValidator {
 public:
  /// The UNIT line of `family` at `offset`: a non-empty unit must be a suffix of the name.
  bool check_unit(std::string_view family, std::string_view unit, std::size_t offset,
                  ParseError* err) const;

  /// A family whose metadata is complete (announced at `offset`); `unit_offset` is where
  /// its UNIT line was. Registers the sample names it owns.
  bool begin_family(const Family& family, std::size_t offset, std::size_t unit_offset,
                    ParseError* err);

  /// One sample of the current family, lexed from `input`; the previous sample's labels must
  /// still be valid.
  bool check_sample(std::string_view input, const Family& family, SuffixKind kind,
                    const Sample& sample, const SampleLine& line, std::size_t line_offset,
                    ParseError* err);

  /// The current family ends: its last histogram series gets its final checks.
  bool end_family(ParseError* err);

  /// After a recovered error: the previous sample is no longer compared with. Its labels
  /// live in a label buffer that the lines after the error may reuse, and the family the
  /// error concerns is dropped anyway.
  void forget_previous_sample() noexcept { has_prev_ = false; }

 private:
  // One histogram or gauge-histogram series (labels without `le`, same timestamp).
  struct HistogramSeries {
    bool active = false;
    bool has_bucket = false;
    double last_le = 0;
    double last_value = 0;
    bool has_count = false;
    double count = 0;
    std::size_t count_offset = 0;
    bool has_sum = false;
    bool has_gsum = false;
    bool negative_bucket = false;
    bool negative_gsum = false;
    std::size_t last_offset = 0;
  };

  // The value of a bucket bound, validated ("+Inf" spelled so). Every series of a histogram
  // repeats the same bounds in the same order, so the bound at each position of the series'
  // buckets is remembered and a bound spelled as the last one at its position is not parsed
  // again. False when it is no valid bound.
  // `input` is what `text` lies in (whole words may be read up to its end).
  bool bucket_bound(std::string_view input, std::string_view text, double* le) noexcept;

  bool add_histogram_sample(SuffixKind kind, double le, const Sample& sample,
                            std::size_t line_offset, ParseError* err);
  bool close_histogram_series(ParseError* err);

  std::unordered_set<std::string> names_;  // every sample name owned by an earlier family
  std::string key_;
  GroupSet groups_;  // series seen in the current family

  // A bound's text zero-padded to two words: a bound of up to 16 bytes compares as two
  // masked loads, without a loop over its bytes.
  struct BoundSlot {
    std::uint64_t word[2] = {0, 0};
    std::uint8_t size = 0xff;  // 0xff: empty
    double value = 0;
  };
  static constexpr std::size_t kBoundSlots = 64;
  BoundSlot bounds_[kBoundSlots];
  std::size_t bound_pos_ = 0;  // position of the next bucket in its series' run of buckets

  bool has_prev_ = false;
  std::span<const Label> prev_labels_;
  // The previous sample's label text without its excluded label, when known.
  bool prev_has_runs_ = false;
  LabelText prev_text_;
  std::ptrdiff_t prev_excluded_ = -1;
  bool prev_has_timestamp_ = false;
  double prev_timestamp_ = 0;
  HistogramSeries series_;
};

}  // namespace kcheck::parse
