// Private state of a Mapper: the compiled options, the per-family / per-label caches that
// persist across runs, and the reusable buffers of one run. A run parses the payload once,
// records what it would submit (names and tags are views into caches and a per-run arena),
// and only when the whole payload parsed hands the records to the sink with the tags of
// target_info, which KrakenD prints last. That makes a run atomic without a second parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "kcheck/parse.hpp"
#include "kcheck/sink.hpp"
#include "kcheck/status.hpp"
#include "map/arena.hpp"
#include "map/family_rules.hpp"
#include "map/front_cache.hpp"
#include "map/krakend_map.hpp"
#include "map/label_rules.hpp"
#include "map/line_filter.hpp"

namespace kcheck::map {

/// The tags shared by consecutive samples with the same labels (a histogram's buckets, sum
/// and count): built once per series, not per sample.
struct Series {
  std::uint32_t first_tag = 0;  ///< index into series_tags_
  std::uint32_t tag_count = 0;
  std::string_view hostname;  ///< from hostname_label, empty when absent
  bool excluded = false;      ///< by exclude_metrics_by_labels
};

/// One recorded submission, replayed to the sink when the payload has parsed.
struct Pending {
  static constexpr std::uint8_t kBucket = 1;        ///< awaits decumulation at family end
  static constexpr std::uint8_t kDistribution = 2;  ///< submit_histogram_bucket

  const std::string* name = nullptr;  ///< null: dropped after decumulation
  double value = 0;
  double lower = 0;  ///< decumulated buckets
  double upper = 0;
  std::string_view tag1;  ///< upper_bound:/quantile:
  std::string_view tag2;  ///< lower_bound:
  std::uint32_t series = 0;
  std::uint32_t group = 0;  ///< series identity for decumulation
  SubmitType type = SubmitType::kGauge;
  std::uint8_t flags = 0;
};

/// A bound or quantile label value, parsed and spelled as a tag once.
struct NumberTag {
  double value = 0;
  std::string tag;
  bool excluded = false;  ///< exclude_metrics_by_labels keyed by upper_bound / quantile
};

/// A tag the mapper makes itself (upper_bound, lower_bound, quantile): its key after
/// rename_labels, and its exclude_metrics_by_labels entry (matched on the printed value).
struct MadeTag {
  std::string key;
  int exclusion = -1;
};

struct RunCounts {
  std::uint64_t input = 0;       ///< samples parsed
  std::uint64_t ignored = 0;     ///< samples of families not collected, NaN-bound buckets
  std::uint64_t processed = 0;   ///< samples recorded for submission
  std::uint64_t blacklist = 0;   ///< lines removed by raw_line_filters
  std::uint64_t nan_bounds = 0;  ///< buckets dropped for a NaN `le`
  std::uint64_t clamped = 0;     ///< distribution counts beyond int64, clamped
};

/// The pending_ range one block of a family recorded (a 0.0.4 family may come back later).
struct FamilyBlock {
  const FamilyPlan* plan = nullptr;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct Mapper::Impl {
  static constexpr std::size_t kMaxKeptTargetLabels = 1024;
  static constexpr std::size_t kMaxKeptBuckets = 1 << 16;

  explicit Impl(const config::InstanceConfig& config);

  Status run(std::string_view payload, Format format, Sink& sink, const CancelToken* cancel,
             std::size_t wire_size);

  // Parse side (krakend_map.cpp).
  void reset_run();
  void trim_buffers();
  void release_memory() noexcept;
  /// True when the sample is within the scrape limits (the per-sample test, branch-light).
  bool within_limits(const Sample& sample) const noexcept {
    bool over = counts_.input >= limit_samples_ || sample.labels.size() > limit_labels_;
    for (const Label& l : sample.labels) {
      over |= (l.name.size() > limit_name_bytes_) | (l.value.size() > limit_value_bytes_);
    }
    return !over;
  }
  /// The error for a sample that is not within_limits(): the limit, the family, the line.
  Status limit_error(const Parser& parser, std::string_view text, std::string_view payload) const;
  void on_family(const Family& family);
  void on_sample(const Sample& sample);
  static const std::string* sum_or_count(const FamilyPlan& plan, std::string_view name);
  void classify_bucket(const FamilyPlan& plan, const Sample& sample, Pending& p);
  void classify_quantile(const FamilyPlan& plan, const Sample& sample, Pending& p);
  std::uint32_t series_for(std::span<const Label> labels, std::string_view skip);
  bool same_as_previous(std::span<const Label> labels, std::string_view skip) const;
  std::uint32_t build_series(std::span<const Label> labels, std::string_view skip);
  std::string_view make_hostname(std::string_view value);
  const NumberTag* number_tag(std::string_view text, bool quantile);
  void collect_target_info(const Sample& sample);
  void quarantine(std::string_view family, const ParseError& error, std::string_view payload);
  bool is_quarantined(std::string_view family) const;
  void drop_quarantined_blocks();

  // Submit side (submit.cpp).
  void finish_family();
  std::uint32_t group_for(std::uint32_t series);
  void decumulate(std::size_t begin);
  void build_target_tags();
  void drop_tags_shadowed_by_target();
  // What the submissions need once the payload has parsed (nothing reaches the sink), then the
  // submissions themselves: a cancel is last looked at between the two.
  void prepare_submissions();
  void submit(Sink& sink, std::size_t payload_size);

  // Options.
  config::MapOptions options_;
  // options_.limits with 0 (no limit) as the largest value.
  std::uint64_t limit_samples_ = UINT64_MAX;
  std::uint64_t limit_labels_ = UINT64_MAX;
  std::uint64_t limit_name_bytes_ = UINT64_MAX;
  std::uint64_t limit_value_bytes_ = UINT64_MAX;
  std::string endpoint_;
  Status config_status_;
  std::optional<FamilyRules> families_;
  std::optional<LabelRules> labels_;
  std::optional<LineFilter> line_filter_;
  std::vector<std::string> instance_tags_;
  MadeTag upper_bound_, lower_bound_, quantile_;
  bool collect_buckets_ = true;
  bool decumulate_ = false;
  bool distributions_ = false;
  std::string telemetry_input_, telemetry_ignored_, telemetry_processed_, telemetry_blacklist_,
      telemetry_payload_size_, telemetry_families_dropped_;

  // Across runs.
  bool flush_first_value_ = false;
  std::unordered_map<std::string, NumberTag, StringHash, std::equal_to<>> bound_tags_;
  std::unordered_map<std::string, NumberTag, StringHash, std::equal_to<>> quantile_tags_;
  FrontCache<NumberTag> recent_bounds_;  // in front of the maps: every series repeats its bounds
  FrontCache<NumberTag> recent_quantiles_;

  // One run (cleared, capacity kept).
  Arena arena_;
  std::vector<std::string_view> series_tags_;
  std::vector<Series> series_;
  std::vector<Pending> pending_;
  std::string prev_key_;  // labels of the last series: [u32 len][name][u32 len][value]...
  bool have_prev_ = false;
  std::string_view input_;  // what the parser reads (the payload, or what raw_line_filters left)
  LabelText prev_text_;     // the last sample's label text without its skipped label
  bool prev_has_text_ = false;
  const FamilyPlan* plan_ = nullptr;
  std::size_t family_begin_ = 0;  // first pending_ of the current family
  bool family_has_buckets_ = false;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> group_of_key_;
  std::uint32_t last_group_series_ = UINT32_MAX;
  std::uint32_t last_group_ = 0;
  std::vector<std::uint32_t> order_;
  std::vector<std::pair<std::string, std::string>> target_labels_;
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> target_index_;
  std::size_t target_count_ = 0;  // live entries of target_labels_ (the rest keep capacity)
  std::vector<std::string_view> target_tags_;
  std::unordered_set<std::string_view> target_keys_;  // when target_info has many labels
  std::string_view target_hostname_;
  std::string first_nan_family_;  // for the log line about NaN bounds
  std::unordered_set<std::string, StringHash, std::equal_to<>> quarantined_;
  std::vector<FamilyBlock> blocks_;
  bool plan_quarantined_ = false;
  bool resync_ = false;  // after a recovered error: the parser's family may have changed
  RunWarnings warnings_;
  bool target_excluded_ = false;
  std::string scratch_;
  std::vector<std::string_view> tags_;
  RunCounts counts_;
};

}  // namespace kcheck::map
