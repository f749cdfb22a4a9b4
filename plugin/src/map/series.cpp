// The tags of one series: built once per series from its labels (label rules, code_class,
// hostname), recognised again when the next sample has the same labels (a histogram's
// buckets, sum and count), and the bound / quantile tags the mapper makes itself.
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "map/mapper_impl.hpp"
#include "map/number_format.hpp"

namespace kcheck::map {

namespace {

constexpr std::string_view kHostnamePlaceholder = "<HOSTNAME>";

void append_key_part(std::string& key, std::string_view part) {
  const auto n = static_cast<std::uint32_t>(part.size());
  char len[sizeof n];
  std::memcpy(len, &n, sizeof n);
  key.append(len, sizeof n);
  key.append(part);
}

bool match_key_part(const char*& p, const char* end, std::string_view part) noexcept {
  std::uint32_t n = 0;
  if (static_cast<std::size_t>(end - p) < sizeof n) return false;
  std::memcpy(&n, p, sizeof n);
  p += sizeof n;
  if (n != part.size() || static_cast<std::size_t>(end - p) < n) return false;
  if (!equal_bytes(p, part.data(), n)) return false;
  p += n;
  return true;
}

}  // namespace

std::uint32_t Mapper::Impl::series_for(std::span<const Label> labels, std::string_view skip) {
  // The samples of a series are written alike on consecutive lines: the same label text
  // (one comparison) recognises most of them, the label-by-label walk the rest.
  std::ptrdiff_t skip_at = -1;
  if (!skip.empty()) {
    for (std::size_t i = labels.size(); i-- > 0;) {  // le and quantile come last
      if (equal_bytes(labels[i].name, skip)) {
        skip_at = static_cast<std::ptrdiff_t>(i);
        break;
      }
    }
  }
  LabelText text;
  const bool has_text = label_text(input_, labels, skip_at, &text);
  const bool same_text = has_text && prev_has_text_ && equal_bytes(text.first, prev_text_.first) &&
                         equal_bytes(text.second, prev_text_.second);
  prev_text_ = text;
  prev_has_text_ = has_text;
  if (have_prev_ && (same_text || same_as_previous(labels, skip))) {
    return static_cast<std::uint32_t>(series_.size() - 1);
  }
  prev_key_.clear();
  for (const Label& l : labels) {
    if (l.name == skip) continue;
    append_key_part(prev_key_, l.name);
    append_key_part(prev_key_, l.value);
  }
  have_prev_ = true;
  return build_series(labels, skip);
}

bool Mapper::Impl::same_as_previous(std::span<const Label> labels, std::string_view skip) const {
  const char* p = prev_key_.data();
  const char* end = p + prev_key_.size();
  for (const Label& l : labels) {
    if (equal_bytes(l.name, skip)) continue;
    if (!match_key_part(p, end, l.name) || !match_key_part(p, end, l.value)) return false;
  }
  return p == end;
}

std::uint32_t Mapper::Impl::build_series(std::span<const Label> labels, std::string_view skip) {
  Series s;
  s.first_tag = static_cast<std::uint32_t>(series_tags_.size());
  char code_class = 0;
  for (const Label& l : labels) {
    if (l.name == skip) continue;
    const LabelRule& r = labels_->rule(l.name);
    if (r.exclusion >= 0 && labels_->excludes(r.exclusion, l.value)) s.excluded = true;
    if (r.hostname) s.hostname = make_hostname(l.value);
    if (r.status_code && l.value.size() == 3 && l.value[0] >= '0' && l.value[0] <= '9' &&
        l.value[1] >= '0' && l.value[1] <= '9' && l.value[2] >= '0' && l.value[2] <= '9') {
      code_class = l.value[0];
    }
    if (r.keep) series_tags_.push_back(arena_.concat(r.out_name, ":", l.value));
  }
  if (code_class != 0) {
    const LabelRule& r = labels_->rule(kCodeClassLabel);
    const char value[3] = {code_class, 'X', 'X'};
    const std::string_view text(value, 3);
    // Datadog injects code_class as a label, so exclude_metrics_by_labels applies to it too.
    if (r.exclusion >= 0 && labels_->excludes(r.exclusion, text)) s.excluded = true;
    if (r.keep) series_tags_.push_back(arena_.concat(r.out_name, ":", text));
  }
  s.tag_count = static_cast<std::uint32_t>(series_tags_.size()) - s.first_tag;
  series_.push_back(s);
  return static_cast<std::uint32_t>(series_.size() - 1);
}

std::string_view Mapper::Impl::make_hostname(std::string_view value) {
  if (!labels_->has_hostname_format()) return arena_.concat(value);
  const std::string_view format = labels_->hostname_format();
  const std::size_t at = format.find(kHostnamePlaceholder);
  if (at == std::string_view::npos) return arena_.concat(format);
  return arena_.concat(format.substr(0, at), value,
                       format.substr(at + kHostnamePlaceholder.size()));
}

const NumberTag* Mapper::Impl::number_tag(std::string_view text, bool quantile) {
  auto& cache = quantile ? quantile_tags_ : bound_tags_;
  auto& recent = quantile ? recent_quantiles_ : recent_bounds_;
  if (const NumberTag* tag = recent.find(text)) return tag;
  if (auto it = cache.find(text); it != cache.end()) {
    recent.put(it->first, &it->second);
    return &it->second;
  }
  const std::optional<double> v = parse_label_number(text);
  if (!v) return nullptr;
  const MadeTag& made = quantile ? quantile_ : upper_bound_;
  NumberTag t;
  t.value = *v;
  t.tag = made.key + ":";
  append_datadog_number(t.tag, *v);
  t.excluded =
      made.exclusion >= 0 &&
      labels_->excludes(made.exclusion, std::string_view(t.tag).substr(made.key.size() + 1));
  const auto it = cache.emplace(std::string(text), std::move(t)).first;
  recent.put(it->first, &it->second);
  return &it->second;
}

}  // namespace kcheck::map
