// The submitting half of a run: decumulated histogram buckets (non_cumulative_histogram_buckets,
// histogram_buckets_as_distributions), the target_info tags, and the replay of the recorded
// submissions to the sink once the whole payload has parsed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "map/mapper_impl.hpp"
#include "map/number_format.hpp"

namespace kcheck::map {

namespace {

// A histogram-bucket count as the host's int64, saturated: a value past the range (a
// hostile count, or the difference of two huge ones) must not wrap to a negative count.
std::int64_t bucket_count(double value, std::uint64_t& clamped) {
  const double rounded = std::round(value);
  constexpr double kTwo63 = 9223372036854775808.0;
  if (rounded >= kTwo63) {
    ++clamped;
    return std::numeric_limits<std::int64_t>::max();
  }
  if (rounded < -kTwo63) {
    ++clamped;
    return std::numeric_limits<std::int64_t>::min();
  }
  return static_cast<std::int64_t>(rounded);
}

}  // namespace

void Mapper::Impl::finish_family() {
  if (decumulate_ && family_has_buckets_) decumulate(family_begin_);
  if (plan_ != nullptr && pending_.size() > family_begin_) {
    blocks_.push_back({plan_, family_begin_, pending_.size()});
  }
  family_has_buckets_ = false;
  group_of_key_.clear();
  last_group_series_ = UINT32_MAX;
}

std::uint32_t Mapper::Impl::group_for(std::uint32_t series) {
  // Consecutive buckets of one series share a Series; a series that comes back later in the
  // family (labels interleaved) is recognised by its label key.
  if (series == last_group_series_) return last_group_;
  auto it = group_of_key_.find(std::string_view(prev_key_));
  if (it == group_of_key_.end()) {
    it = group_of_key_.emplace(prev_key_, static_cast<std::uint32_t>(group_of_key_.size())).first;
  }
  last_group_series_ = series;
  last_group_ = it->second;
  return last_group_;
}

void Mapper::Impl::decumulate(std::size_t begin) {
  // Datadog's decumulate_histogram_buckets: per series, buckets ordered by numeric bound, each
  // the difference from the previous one; the first starts at 0 (or -inf when its bound <= 0).
  order_.clear();
  for (std::size_t i = begin; i < pending_.size(); ++i) {
    if (pending_[i].flags & Pending::kBucket) order_.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Pending& x = pending_[a];
    const Pending& y = pending_[b];
    return x.group != y.group ? x.group < y.group : x.upper < y.upper;
  });
  std::uint32_t group = UINT32_MAX;
  double previous_bound = 0;
  double previous_value = 0;
  for (const std::uint32_t i : order_) {
    Pending& p = pending_[i];
    const double cumulative = p.value;
    if (p.group != group) {
      group = p.group;
      p.lower = p.upper > 0 ? 0.0 : -std::numeric_limits<double>::infinity();
    } else {
      p.lower = previous_bound;
      p.value = cumulative - previous_value;
    }
    previous_bound = p.upper;
    previous_value = cumulative;

    if (distributions_) {
      // A -inf/-inf bucket is always empty.
      if (p.lower == p.upper) {
        p.name = nullptr;
        continue;
      }
      p.flags |= Pending::kDistribution;
      p.name = &plan_->base;
    } else if (std::isinf(p.upper)) {
      p.name = nullptr;  // the +Inf bucket equals .count
      continue;
    }
    scratch_.assign(lower_bound_.key);
    scratch_.push_back(':');
    append_datadog_number(scratch_, p.lower);
    p.tag2 = arena_.concat(scratch_);
  }
}

void Mapper::Impl::build_target_tags() {
  // A broken target_info describes nothing: none of its labels become tags.
  if (!quarantined_.empty() && is_quarantined("target_info")) return;
  for (std::size_t i = 0; i < target_count_; ++i) {
    const auto& [name, value] = target_labels_[i];
    const LabelRule& r = labels_->rule(name);
    if (r.exclusion >= 0 && labels_->excludes(r.exclusion, value)) target_excluded_ = true;
    if (r.hostname) target_hostname_ = make_hostname(value);
    if (r.keep) target_tags_.push_back(arena_.concat(r.out_name, ":", value));
  }
}

void Mapper::Impl::drop_tags_shadowed_by_target() {
  // Contract §4: a target_info label with the name of a sample label wins, one tag. Target
  // keys are few (KrakenD: 2 or 3); a mask of their lengths lets almost every sample tag pass
  // with one test. A hostile target_info with many labels gets a hash set instead, so the
  // cost stays linear in the tags.
  constexpr std::size_t kScannedKeys = 8;
  std::uint64_t lengths = 0;
  target_keys_.clear();
  for (const std::string_view t : target_tags_) {
    const std::size_t key = t.find(':');
    lengths |= key < 64 ? std::uint64_t{1} << key : 0;
    if (target_tags_.size() > kScannedKeys) target_keys_.insert(t.substr(0, key));
  }
  const auto shadowed = [&](std::string_view tag) {
    const std::size_t key = tag.find(':');
    if (key < 64 && (lengths & (std::uint64_t{1} << key)) == 0) return false;
    if (target_tags_.size() > kScannedKeys) return target_keys_.count(tag.substr(0, key)) != 0;
    for (const std::string_view t : target_tags_) {
      if (t.size() > key && t[key] == ':' && t.compare(0, key, tag, 0, key) == 0) return true;
    }
    return false;
  };
  for (Series& s : series_) {
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < s.tag_count; ++i) {
      const std::string_view tag = series_tags_[s.first_tag + i];
      if (!shadowed(tag)) series_tags_[s.first_tag + kept++] = tag;
    }
    s.tag_count = kept;
  }
}

void Mapper::Impl::prepare_submissions() {
  drop_quarantined_blocks();
  build_target_tags();
  if (!target_tags_.empty()) drop_tags_shadowed_by_target();
}

void Mapper::Impl::submit(Sink& sink, std::size_t payload_size) {
  const bool ffv = flush_first_value_;
  const std::uint64_t context_limit = options_.max_returned_metrics;
  std::uint64_t contexts = 0;
  if (!target_excluded_) {
    for (const Pending& p : pending_) {
      if (p.name == nullptr) continue;
      // Datadog's max_returned_metrics: the first contexts of the payload go, the rest not.
      if (context_limit != 0 && contexts == context_limit) {
        ++warnings_.contexts_dropped;
        continue;
      }
      ++contexts;
      const Series& s = series_[p.series];
      tags_.clear();
      tags_.insert(tags_.end(), series_tags_.begin() + s.first_tag,
                   series_tags_.begin() + s.first_tag + s.tag_count);
      tags_.insert(tags_.end(), target_tags_.begin(), target_tags_.end());
      if (!p.tag1.empty()) tags_.push_back(p.tag1);
      if (!p.tag2.empty()) tags_.push_back(p.tag2);
      tags_.insert(tags_.end(), instance_tags_.begin(), instance_tags_.end());
      const std::string_view host = s.hostname.empty() ? target_hostname_ : s.hostname;
      if (p.flags & Pending::kDistribution) {
        sink.submit_histogram_bucket(*p.name, bucket_count(p.value, counts_.clamped), p.lower,
                                     p.upper, true, tags_, host, ffv);
      } else {
        sink.submit_metric(*p.name, p.type, p.value, tags_, host, ffv);
      }
    }
  }
  warnings_.context_limit = context_limit;
  if (counts_.nan_bounds != 0) {
    sink.log(LogLevel::kWarning, "dropped " + std::to_string(counts_.nan_bounds) +
                                     " histogram bucket(s) with le=\"NaN\" (first in family \"" +
                                     first_nan_family_ + "\"): a bucket needs a numeric bound");
  }
  if (counts_.clamped != 0) {
    sink.log(LogLevel::kWarning, "clamped " + std::to_string(counts_.clamped) +
                                     " histogram bucket count(s) beyond the int64 range");
  }
  if (options_.telemetry) {
    tags_.assign(instance_tags_.begin(), instance_tags_.end());
    const auto count = [&](const std::string& name, std::uint64_t v) {
      sink.submit_metric(name, SubmitType::kCount, static_cast<double>(v), tags_, "", ffv);
    };
    count(telemetry_input_, counts_.input);
    count(telemetry_ignored_, counts_.ignored);
    count(telemetry_processed_, counts_.processed);
    count(telemetry_blacklist_, counts_.blacklist);
    count(telemetry_families_dropped_, warnings_.families_dropped);
    sink.submit_metric(telemetry_payload_size_, SubmitType::kGauge,
                       static_cast<double>(payload_size), tags_, "", ffv);
  }
}

}  // namespace kcheck::map
