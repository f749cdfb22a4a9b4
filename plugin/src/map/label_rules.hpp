// What becomes of each label: kept or filtered (exclude_labels, include_labels, checked on the
// original name), renamed (rename_labels merged over the defaults), whether it excludes its
// sample (exclude_metrics_by_labels), names the host (hostname_label) or yields code_class.
// Decisions are cached per label name; only exclusion values are tested per value.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/config.hpp"
#include "config/regex_rules.hpp"
#include "kcheck/status.hpp"
#include "map/family_rules.hpp"
#include "map/front_cache.hpp"

namespace kcheck::map {

/// The status-code label KrakenD puts on server and client samples.
inline constexpr std::string_view kStatusCodeLabel = "http_response_status_code";
/// The tag derived from it (section 4, item 2).
inline constexpr std::string_view kCodeClassLabel = "code_class";

/// The decision for one label name.
struct LabelRule {
  std::string out_name;      ///< name used in the tag (after rename_labels)
  bool keep = true;          ///< false when exclude_labels / include_labels filter it out
  int exclusion = -1;        ///< index of its exclude_metrics_by_labels entry, or -1
  bool hostname = false;     ///< it is the hostname_label
  bool status_code = false;  ///< it is http_response_status_code
};

class LabelRules {
 public:
  /// Compiles the options (exclude_metrics_by_labels values are regular expressions, searched
  /// like Datadog's); fails on a value that is not a valid expression.
  static Result<LabelRules> create(const config::MapOptions& options);

  /// The rule for a label name (cached; the reference is stable until trim_cache()).
  const LabelRule& rule(std::string_view label_name);

  /// True when `value` of the label with exclusion index `exclusion` excludes the sample.
  bool excludes(int exclusion, std::string_view value) const;

  /// `hostname_format` with <HOSTNAME> replaced by `value`, or `value` itself.
  bool has_hostname_format() const noexcept { return !hostname_format_.empty(); }
  std::string_view hostname_format() const noexcept { return hostname_format_; }

  /// Bounds the cache; call between runs only.
  void trim_cache();

 private:
  struct Exclusion {
    bool any_value = false;
    std::vector<std::string> values;
    std::vector<config::Regex> patterns;  // one per value, so that (?i) stays in its value
  };

  LabelRule build(std::string_view name) const;

  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> renames_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> exclude_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> include_;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> exclusion_index_;
  std::vector<Exclusion> exclusions_;
  std::string hostname_label_;
  std::string hostname_format_;
  std::unordered_map<std::string, LabelRule, StringHash, std::equal_to<>> cache_;
  FrontCache<LabelRule> recent_;  // in front of cache_: each series repeats its label names
};

}  // namespace kcheck::map
