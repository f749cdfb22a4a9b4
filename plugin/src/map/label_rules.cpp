#include "map/label_rules.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "map/regex_util.hpp"

namespace kcheck::map {

namespace {
constexpr std::size_t kMaxCachedLabels = 4096;
}  // namespace

Result<LabelRules> LabelRules::create(const config::MapOptions& options) {
  LabelRules r;
  // Section 4: the defaults, then the instance's rename_labels merged over them key by key.
  r.renames_["service_name"] = "krakend.service_name";
  r.renames_["service_version"] = "krakend.service_version";
  if (options.go_metrics) r.renames_["version"] = "go_version";
  for (const auto& [from, to] : options.rename_labels) r.renames_[from] = to;

  r.exclude_.insert(options.exclude_labels.begin(), options.exclude_labels.end());
  r.include_.insert(options.include_labels.begin(), options.include_labels.end());

  for (std::size_t i = 0; i < options.exclude_metrics_by_labels.size(); ++i) {
    const config::LabelExclusion& x = options.exclude_metrics_by_labels[i];
    Exclusion e;
    e.any_value = x.any_value;
    e.values = x.values;
    for (std::size_t v = 0; v < x.values.size() && !x.any_value; ++v) {
      auto re = compile_regex(
          x.values[v], "exclude_metrics_by_labels." + x.label + "[" + std::to_string(v) + "]");
      if (!re.ok()) return re.status();
      e.patterns.push_back(std::move(re).value());
    }
    r.exclusion_index_.insert_or_assign(x.label, static_cast<int>(r.exclusions_.size()));
    r.exclusions_.push_back(std::move(e));
  }
  if (options.hostname_label) r.hostname_label_ = *options.hostname_label;
  if (options.hostname_label && options.hostname_format) {
    r.hostname_format_ = *options.hostname_format;
  }
  return r;
}

LabelRule LabelRules::build(std::string_view name) const {
  LabelRule r;
  auto rn = renames_.find(name);
  r.out_name = rn != renames_.end() ? rn->second : std::string(name);
  r.keep = exclude_.count(name) == 0 && (include_.empty() || include_.count(name) != 0);
  if (auto ex = exclusion_index_.find(name); ex != exclusion_index_.end()) r.exclusion = ex->second;
  r.hostname = !hostname_label_.empty() && name == hostname_label_;
  r.status_code = name == kStatusCodeLabel;
  return r;
}

const LabelRule& LabelRules::rule(std::string_view label_name) {
  if (const LabelRule* recent = recent_.find(label_name)) return *recent;
  auto it = cache_.find(label_name);
  if (it == cache_.end()) it = cache_.emplace(std::string(label_name), build(label_name)).first;
  recent_.put(it->first, &it->second);
  return it->second;
}

bool LabelRules::excludes(int exclusion, std::string_view value) const {
  const Exclusion& e = exclusions_[static_cast<std::size_t>(exclusion)];
  if (e.any_value || e.values.empty()) return true;
  for (const std::string& v : e.values) {
    if (v == value) return true;
  }
  return std::any_of(e.patterns.begin(), e.patterns.end(),
                     [&](const config::Regex& re) { return re.search(value); });
}

void LabelRules::trim_cache() {
  if (cache_.size() > kMaxCachedLabels) {
    recent_.clear();
    cache_.clear();
  }
}

}  // namespace kcheck::map
