#include "map/family_rules.hpp"

#include <utility>

#include "map/regex_util.hpp"

namespace kcheck::map {

namespace {

constexpr std::size_t kMaxCachedFamilies = 4096;

bool starts_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}
bool ends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool valid_type(std::string_view t) noexcept {
  return t.empty() || t == "native" || t == "gauge" || t == "counter" || t == "histogram" ||
         t == "summary";
}

bool is_target_info(std::string_view name, MetricType type) noexcept {
  // 0.0.4 declares `target_info` (gauge); OpenMetrics an info family `target`.
  return name == "target_info" || (type == MetricType::kInfo && name == "target");
}

}  // namespace

Result<FamilyRules> FamilyRules::create(const config::MapOptions& options) {
  FamilyRules r;
  r.namespace_ = options.namespace_prefix;
  r.raw_metric_prefix_ = options.raw_metric_prefix;
  r.go_metrics_ = options.go_metrics;
  r.process_metrics_ = options.process_metrics;

  for (const MapEntry& e : krakend_map_table()) {
    // The first row of a raw name wins; rows sharing a raw name share the submitted name.
    r.exact_.try_emplace(std::string(e.raw), Rule{std::string(e.name), "", true, e.kind});
  }
  // extra_metrics take precedence over the defaults for the same raw name.
  for (std::size_t i = 0; i < options.extra_metrics.size(); ++i) {
    const config::ExtraMetric& x = options.extra_metrics[i];
    const std::string where = "extra_metrics[" + std::to_string(i) + "]";
    if (!valid_type(x.type)) {
      return invalid_argument(where + ": unknown type '" + x.type +
                              "' (expected gauge, counter, histogram, summary or native)");
    }
    const std::string type = x.type == "native" ? std::string() : x.type;
    // Datadog's rule: an entry is a pattern exactly when re.escape() would change it.
    if (x.is_regex || config::looks_like_regex(x.raw)) {
      auto re = compile_regex(x.raw, where);
      if (!re.ok()) return re.status();
      // Like Datadog, a pattern submits each family under its own raw name.
      r.patterns_.emplace_back(std::move(re).value(), Rule{"", type, false, Kind::kGauge});
    } else {
      r.exact_.insert_or_assign(x.raw,
                                Rule{x.name.empty() ? x.raw : x.name, type, false, Kind::kGauge});
    }
  }
  for (std::size_t i = 0; i < options.exclude_metrics.size(); ++i) {
    const std::string& x = options.exclude_metrics[i];
    if (!config::looks_like_regex(x)) {
      r.exclude_exact_.insert(x);
      continue;
    }
    auto re = compile_regex(x, "exclude_metrics[" + std::to_string(i) + "]");
    if (!re.ok()) return re.status();
    r.exclude_patterns_.push_back(std::move(re).value());
  }
  return r;
}

const FamilyRules::Rule* FamilyRules::find_rule(std::string_view key) const {
  if (auto it = exact_.find(key); it != exact_.end()) return &it->second;
  for (const auto& [re, rule] : patterns_) {
    if (re.search(key)) return &rule;
  }
  return nullptr;
}

FamilyPlan FamilyRules::build(std::string_view name, MetricType type) const {
  FamilyPlan plan;
  plan.raw_name = std::string(name);
  if (is_target_info(name, type)) {
    plan.action = Action::kTargetInfo;
    return plan;
  }

  // The key the map and the options see: prefix removed, counters without `_total`
  // (0.0.4 declares `foo_total`, OpenMetrics `foo`), info families with their `_info` sample.
  std::string key(name);
  if (!raw_metric_prefix_.empty() && starts_with(key, raw_metric_prefix_)) {
    key.erase(0, raw_metric_prefix_.size());
  }
  if (type == MetricType::kCounter && ends_with(key, "_total")) key.resize(key.size() - 6);
  if (type == MetricType::kInfo) key += "_info";

  if ((!go_metrics_ && starts_with(key, "go_")) ||
      (!process_metrics_ && starts_with(key, "process_"))) {
    return plan;
  }
  if (exclude_exact_.count(key) != 0) return plan;
  for (const config::Regex& re : exclude_patterns_) {
    if (re.search(key)) return plan;
  }

  const Rule* rule = find_rule(key);
  if (rule == nullptr) return plan;

  if (rule->type == "gauge") {
    plan.kind = Kind::kGauge;
  } else if (rule->type == "counter") {
    plan.kind = Kind::kCounter;
  } else if (rule->type == "histogram") {
    plan.kind = Kind::kHistogram;
  } else if (rule->type == "summary") {
    plan.kind = Kind::kSummary;
  } else {
    // Native: the payload's type decides, as in Datadog's check.
    switch (type) {
      case MetricType::kCounter:
        plan.kind = Kind::kCounter;
        break;
      case MetricType::kGauge:
        plan.kind = Kind::kGauge;
        break;
      case MetricType::kHistogram:
        plan.kind = Kind::kHistogram;
        break;
      case MetricType::kSummary:
        plan.kind = Kind::kSummary;
        break;
      case MetricType::kInfo:
        plan.kind = Kind::kGauge;
        break;
      case MetricType::kUnknown:
        // An untyped family is only collected when the map knows what it is.
        if (!rule->from_table) return plan;
        plan.kind = rule->table_kind;
        break;
      case MetricType::kStateset:
      case MetricType::kGaugeHistogram:
        return plan;
    }
  }

  plan.action = Action::kSubmit;
  plan.base = namespace_;
  plan.base += '.';
  plan.base += rule->name.empty() ? key : rule->name;
  plan.bucket = plan.base + ".bucket";
  plan.sum = plan.base + ".sum";
  plan.count = plan.base + ".count";
  plan.quantile = plan.base + ".quantile";
  return plan;
}

const FamilyPlan& FamilyRules::resolve(std::string_view name, MetricType type) {
  key_.assign(name);
  key_.push_back('\x1f');
  key_.push_back(static_cast<char>('0' + static_cast<int>(type)));
  if (auto it = cache_.find(std::string_view(key_)); it != cache_.end()) return it->second;
  return cache_.emplace(key_, build(name, type)).first->second;
}

void FamilyRules::trim_cache() {
  if (cache_.size() > kMaxCachedFamilies) cache_.clear();
}

}  // namespace kcheck::map
