// Which raw families are collected and under which names: the map table filtered by
// go_metrics / process_metrics, extra_metrics (exact names, then patterns), exclude_metrics and
// raw_metric_prefix. Decisions are cached per (family name, type), so regular expressions run
// once per family name, never per sample.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/regex_rules.hpp"
#include "kcheck/parse.hpp"
#include "kcheck/status.hpp"
#include "map/map_table.hpp"

namespace kcheck::map {

/// What to do with the samples of one family.
enum class Action : std::uint8_t {
  kDrop,        ///< not in the map (or excluded): counted as ignored
  kSubmit,      ///< submitted per `kind`
  kTargetInfo,  ///< target_info: its labels become tags of every sample
};

/// The resolved decision for one family, with its submission names prebuilt.
struct FamilyPlan {
  Action action = Action::kDrop;
  Kind kind = Kind::kGauge;
  std::string raw_name;  ///< the family name as the payload spells it
  std::string base;      ///< `<namespace>.<name>`: gauges, distributions
  std::string bucket;    ///< base + ".bucket"
  std::string sum;       ///< base + ".sum"
  std::string count;     ///< base + ".count"
  std::string quantile;  ///< base + ".quantile"
};

/// Transparent string hashing so that lookups by string_view do not allocate.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

class FamilyRules {
 public:
  /// Compiles the options; fails on an invalid regular expression or extra_metrics type.
  static Result<FamilyRules> create(const config::MapOptions& options);

  /// The plan for a family. The reference stays valid until the next trim_cache().
  const FamilyPlan& resolve(std::string_view name, MetricType type);

  /// Bounds the cache against endpoints that invent family names; call between runs only.
  void trim_cache();

 private:
  struct Rule {
    std::string name;  ///< submitted name after the namespace ("" = the raw name)
    std::string type;  ///< "" (native), gauge, counter, histogram, summary
    bool from_table = false;
    Kind table_kind = Kind::kGauge;
  };

  FamilyPlan build(std::string_view name, MetricType type) const;
  const Rule* find_rule(std::string_view key) const;

  std::string namespace_;
  std::string raw_metric_prefix_;
  bool go_metrics_ = true;
  bool process_metrics_ = true;
  std::unordered_map<std::string, Rule, StringHash, std::equal_to<>> exact_;
  std::vector<std::pair<config::Regex, Rule>> patterns_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> exclude_exact_;
  std::vector<config::Regex> exclude_patterns_;

  std::unordered_map<std::string, FamilyPlan, StringHash, std::equal_to<>> cache_;
  std::string key_;  // reused lookup key: name + '\x1f' + type
};

}  // namespace kcheck::map
