#include "map/krakend_map.hpp"

#include <cmath>
#include <cstring>
#include <exception>
#include <new>

#include "map/mapper_impl.hpp"
#include "map/number_format.hpp"

namespace kcheck::map {

namespace {

constexpr std::size_t kMaxCachedNumbers = 4096;

bool ends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Labels are few; `le` and `quantile` are usually last.
std::string_view find_label(std::span<const Label> labels, std::string_view name, bool& found) {
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
    if (it->name == name) {
      found = true;
      return it->value;
    }
  }
  found = false;
  return {};
}

}  // namespace

Mapper::Impl::Impl(const config::InstanceConfig& config)
    : options_(config.map), endpoint_(config.http.endpoint) {
  const auto or_max = [](std::uint64_t limit) { return limit == 0 ? UINT64_MAX : limit; };
  limit_samples_ = or_max(options_.limits.sample_limit);
  limit_labels_ = or_max(options_.limits.label_limit);
  limit_name_bytes_ = or_max(options_.limits.label_name_length_limit);
  limit_value_bytes_ = or_max(options_.limits.label_value_length_limit);
  auto families = FamilyRules::create(options_);
  if (!families.ok()) {
    config_status_ = families.status();
    return;
  }
  families_.emplace(std::move(families).value());
  auto labels = LabelRules::create(options_);
  if (!labels.ok()) {
    config_status_ = labels.status();
    return;
  }
  labels_.emplace(std::move(labels).value());
  auto filter = LineFilter::create(options_.raw_line_filters);
  if (!filter.ok()) {
    config_status_ = filter.status();
    return;
  }
  line_filter_.emplace(std::move(filter).value());
  // As in Datadog's recent base: rename_labels entries rename these keys too, and
  // exclude_metrics_by_labels keyed by them matches the value as printed ("0.1", "1.0").
  const auto made_tag = [&](std::string_view name) {
    const LabelRule& r = labels_->rule(name);
    return MadeTag{r.out_name, r.exclusion};
  };
  upper_bound_ = made_tag("upper_bound");
  lower_bound_ = made_tag("lower_bound");
  quantile_ = made_tag("quantile");

  // Section 4, item 4.
  instance_tags_ = options_.tags;
  if (options_.service) instance_tags_.push_back("service:" + *options_.service);
  if (options_.tag_by_endpoint) instance_tags_.push_back("endpoint:" + endpoint_);

  // As in Datadog's check, distributions imply collected and decumulated buckets.
  distributions_ = options_.histogram_buckets_as_distributions;
  collect_buckets_ = options_.collect_histogram_buckets || distributions_;
  decumulate_ = options_.non_cumulative_histogram_buckets || distributions_;

  const std::string& ns = options_.namespace_prefix;
  telemetry_input_ = ns + ".telemetry.metrics.input.count";
  telemetry_ignored_ = ns + ".telemetry.metrics.ignored.count";
  telemetry_processed_ = ns + ".telemetry.metrics.processed.count";
  telemetry_blacklist_ = ns + ".telemetry.metrics.blacklist.count";
  telemetry_payload_size_ = ns + ".telemetry.payload.size";
  telemetry_families_dropped_ = ns + ".telemetry.families.dropped.count";
}

void Mapper::Impl::reset_run() {
  families_->trim_cache();
  labels_->trim_cache();
  if (bound_tags_.size() > kMaxCachedNumbers) {
    recent_bounds_.clear();
    bound_tags_.clear();
  }
  if (quantile_tags_.size() > kMaxCachedNumbers) {
    recent_quantiles_.clear();
    quantile_tags_.clear();
  }
  arena_.reset();
  series_tags_.clear();
  series_.clear();
  pending_.clear();
  prev_key_.clear();
  have_prev_ = false;
  input_ = {};
  prev_has_text_ = false;
  plan_ = nullptr;
  family_begin_ = 0;
  family_has_buckets_ = false;
  group_of_key_.clear();
  last_group_series_ = UINT32_MAX;
  target_count_ = 0;
  target_index_.clear();
  target_tags_.clear();
  first_nan_family_.clear();
  quarantined_.clear();
  blocks_.clear();
  plan_quarantined_ = false;
  resync_ = false;
  warnings_ = RunWarnings{};
  target_hostname_ = {};
  target_excluded_ = false;
  counts_ = RunCounts{};
}

Status Mapper::Impl::run(std::string_view payload, Format format, Sink& sink,
                         const CancelToken* cancel, std::size_t wire_size) {
  if (!config_status_.ok()) return config_status_;
  reset_run();
  const auto cancelled_now = [&] { return cancel != nullptr && cancel->cancelled(); };
  std::string_view text = payload;
  if (line_filter_->active()) {
    std::size_t removed = 0;
    auto filtered = line_filter_->apply(payload, removed, cancel);
    if (!filtered.ok()) return filtered.status();
    text = *filtered;
    counts_.blacklist = removed;
  }

  input_ = text;
  // The parser looks at the token every 64 KiB of text, lines without events included; the
  // mapper every kCancelPoll events, which bounds the mapping work between two looks.
  Parser parser(text, format, cancel);
  constexpr unsigned kCancelPoll = 256;
  for (unsigned events = 1;; ++events) {
    if (events % kCancelPoll == 0 && cancelled_now()) return cancelled("run cancelled");
    switch (parser.next()) {
      case Event::kFamily:
        finish_family();
        on_family(parser.family());
        resync_ = false;
        break;
      case Event::kSample:
        if (!within_limits(parser.sample())) return limit_error(parser, text, payload);
        if (plan_ == nullptr) {
          on_family(parser.family());
        } else if (resync_ && plan_->raw_name != parser.family().name) {
          // A recovered error skipped the family's announcement.
          finish_family();
          on_family(parser.family());
        }
        resync_ = false;
        on_sample(parser.sample());
        break;
      case Event::kEnd:
        finish_family();
        prepare_submissions();
        // The last moment a cancel can still leave the host with nothing of this run.
        if (cancelled_now()) return cancelled("run cancelled");
        submit(sink, wire_size);
        // Counters are flushed from their first value once a run has succeeded (section 3).
        flush_first_value_ = true;
        return Status();
      case Event::kError: {
        if (cancelled_now()) return cancelled("run cancelled");  // the parser's look, or ours
        ParseError error = parser.error();
        if (line_filter_->active()) error.offset = line_filter_->original_offset(error.offset);
        if (options_.strict_parsing || !parser.recover()) {
          return data_loss(error.to_string(payload));
        }
        quarantine(parser.error_family(), error, payload);
        break;
      }
    }
  }
}

void Mapper::Impl::on_family(const Family& family) {
  plan_ = &families_->resolve(family.name, family.type);
  plan_quarantined_ = !quarantined_.empty() && is_quarantined(family.name);
  family_begin_ = pending_.size();
  family_has_buckets_ = false;
}

void Mapper::Impl::on_sample(const Sample& sample) {
  ++counts_.input;
  if (plan_quarantined_) {
    ++counts_.ignored;
    return;
  }
  const FamilyPlan& plan = *plan_;
  if (plan.action != Action::kSubmit) {
    ++counts_.ignored;
    if (plan.action == Action::kTargetInfo) collect_target_info(sample);
    return;
  }
  if (!std::isfinite(sample.value)) return;  // NaN and +-Inf are not submitted

  Pending p;
  p.value = sample.value;
  p.type = SubmitType::kMonotonicCount;
  std::string_view skip;  // the label that is not a tag of its own (le, quantile)
  const std::string_view name = sample.name;
  switch (plan.kind) {
    case Kind::kGauge:
      p.name = &plan.base;
      p.type = SubmitType::kGauge;
      break;
    case Kind::kCounter:
      if (!ends_with(name, "_created")) p.name = &plan.count;
      break;
    case Kind::kHistogram:
      skip = "le";
      p.name = sum_or_count(plan, name);
      // Like Datadog's check (without collect_counters_with_distributions), distributions
      // replace .sum and .count: the points already carry the count.
      if (p.name != nullptr && distributions_) return;
      if (p.name == nullptr && ends_with(name, "_bucket")) classify_bucket(plan, sample, p);
      break;
    case Kind::kSummary:
      skip = "quantile";
      p.name = sum_or_count(plan, name);
      if (p.name == nullptr && name == plan.raw_name) classify_quantile(plan, sample, p);
      break;
  }
  if (p.name == nullptr) return;  // _created, +Inf bucket, unparseable bound...

  p.series = series_for(sample.labels, skip);
  if (series_[p.series].excluded) return;
  if (p.flags & Pending::kBucket) {
    p.group = group_for(p.series);
    family_has_buckets_ = true;
  }
  ++counts_.processed;
  pending_.push_back(p);
}

const std::string* Mapper::Impl::sum_or_count(const FamilyPlan& plan, std::string_view name) {
  if (ends_with(name, "_sum")) return &plan.sum;
  if (ends_with(name, "_count")) return &plan.count;
  return nullptr;
}

void Mapper::Impl::classify_bucket(const FamilyPlan& plan, const Sample& sample, Pending& p) {
  if (!collect_buckets_) return;
  bool found = false;
  const std::string_view le = find_label(sample.labels, "le", found);
  if (!found) return;
  const NumberTag* bound = number_tag(le, false);
  if (bound == nullptr) return;
  if (bound->excluded) return;
  if (std::isnan(bound->value)) {
    // No order to put it in: decumulation and the bucket's meaning both need a number.
    ++counts_.nan_bounds;
    ++counts_.ignored;
    if (first_nan_family_.empty()) first_nan_family_.assign(plan.raw_name);
    return;
  }
  // The +Inf bucket equals .count; decumulation still needs it.
  if (std::isinf(bound->value) && !decumulate_) return;
  p.name = &plan.bucket;
  p.tag1 = bound->tag;
  p.upper = bound->value;
  if (decumulate_) p.flags = Pending::kBucket;
}

void Mapper::Impl::classify_quantile(const FamilyPlan& plan, const Sample& sample, Pending& p) {
  bool found = false;
  const std::string_view q = find_label(sample.labels, "quantile", found);
  if (!found) return;
  const NumberTag* quantile = number_tag(q, true);
  if (quantile == nullptr) return;
  if (quantile->excluded) return;
  p.name = &plan.quantile;
  p.type = SubmitType::kGauge;
  p.tag1 = quantile->tag;
}

void Mapper::Impl::collect_target_info(const Sample& sample) {
  for (const Label& l : sample.labels) {
    // Several target_info samples merge; a later value of the same label wins.
    if (auto it = target_index_.find(l.name); it != target_index_.end()) {
      target_labels_[it->second].second.assign(l.value);
      continue;
    }
    if (target_count_ == target_labels_.size()) target_labels_.emplace_back();
    target_labels_[target_count_].first.assign(l.name);
    target_labels_[target_count_].second.assign(l.value);
    target_index_.emplace(std::string(l.name), target_count_);
    ++target_count_;
  }
}

Mapper::Mapper(const config::InstanceConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Mapper::~Mapper() = default;

const Status& Mapper::config_status() const noexcept {
  return impl_->config_status_;
}

void Mapper::release_memory() noexcept {
  impl_->release_memory();
}

const RunWarnings& Mapper::warnings() const noexcept {
  return impl_->warnings_;
}

Status Mapper::map_payload(std::string_view payload, Format format, Sink& sink,
                           const CancelToken* cancel, std::optional<std::size_t> wire_size) {
  try {
    Status status = impl_->run(payload, format, sink, cancel, wire_size.value_or(payload.size()));
    impl_->trim_buffers();
    return status;
  } catch (const std::bad_alloc&) {
    return resource_exhausted("out of memory while mapping the payload");
  } catch (const std::exception& e) {
    return internal_error(std::string("mapping the payload failed: ") + e.what());
  }
}

}  // namespace kcheck::map
