// What bounds one run of the mapper: Prometheus' scrape limits (checked per sample, before
// anything of the sample is kept) and the buffers that one large run would otherwise pin
// for the instance's life.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "config/key_path.hpp"
#include "map/mapper_impl.hpp"
#include "map/shrink.hpp"

namespace kcheck::map {

namespace {

// Long enough to recognise a family, short enough for a health message.
constexpr std::size_t kShownNameBytes = 128;

std::string shown(std::string_view name) {
  if (name.size() <= kShownNameBytes) return config::quoted(name);
  return config::quoted(name.substr(0, kShownNameBytes)) + "...";
}

}  // namespace

Status Mapper::Impl::limit_error(const Parser& parser, std::string_view text,
                                 std::string_view payload) const {
  const config::ScrapeLimits& limits = options_.limits;
  const Sample& sample = parser.sample();
  std::string what;  // "<limit> exceeded: ... on a sample"
  std::uint64_t limit = 0;
  if (limits.sample_limit != 0 && counts_.input >= limits.sample_limit) {
    limit = limits.sample_limit;
    what = "sample_limit exceeded: more than " + std::to_string(limits.sample_limit) +
           " samples, the next";
  } else if (limits.label_limit != 0 && sample.labels.size() > limits.label_limit) {
    limit = limits.label_limit;
    what = "label_limit exceeded: " + std::to_string(sample.labels.size()) + " labels on a sample";
  } else {
    for (const Label& l : sample.labels) {
      if (limits.label_name_length_limit != 0 && l.name.size() > limits.label_name_length_limit) {
        limit = limits.label_name_length_limit;
        what = "label_name_length_limit exceeded: a label name of " +
               std::to_string(l.name.size()) + " bytes on a sample";
        break;
      }
      if (limits.label_value_length_limit != 0 &&
          l.value.size() > limits.label_value_length_limit) {
        limit = limits.label_value_length_limit;
        what = "label_value_length_limit exceeded: label " + shown(l.name) + " has a value of " +
               std::to_string(l.value.size()) + " bytes on a sample";
        break;
      }
    }
  }
  if (what.empty())
    return internal_error("a sample was outside the scrape limits, but no limit names it");

  // The line in what the endpoint sent, also when raw_line_filters removed lines before it.
  std::size_t line = parser.line();
  const char* at = sample.name.data();
  if (at >= text.data() && at <= text.data() + text.size()) {
    std::size_t offset = static_cast<std::size_t>(at - text.data());
    if (line_filter_->active()) offset = line_filter_->original_offset(offset);
    offset = std::min(offset, payload.size());
    line = 1 + static_cast<std::size_t>(std::count(
                   payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  }
  return resource_exhausted(what + " of family " + shown(parser.family().name) + " at line " +
                            std::to_string(line) + " (limit " + std::to_string(limit) + ")");
}

void Mapper::Impl::release_memory() noexcept {
  arena_.release();
  // Swapping with empty containers frees without allocating (shrink_to_fit may allocate).
  decltype(series_tags_)().swap(series_tags_);
  decltype(series_)().swap(series_);
  decltype(pending_)().swap(pending_);
  decltype(order_)().swap(order_);
  decltype(tags_)().swap(tags_);
  decltype(target_tags_)().swap(target_tags_);
  decltype(target_keys_)().swap(target_keys_);
  decltype(blocks_)().swap(blocks_);
  decltype(prev_key_)().swap(prev_key_);
  decltype(scratch_)().swap(scratch_);
  decltype(group_of_key_)().swap(group_of_key_);
  decltype(target_labels_)().swap(target_labels_);
  target_count_ = 0;
  decltype(target_index_)().swap(target_index_);
  decltype(quarantined_)().swap(quarantined_);
  // With raw_line_filters, a copy of the whole last payload (up to max_body_size).
  if (line_filter_) line_filter_->release();
  // The views into the freed arena must not outlive it.
  target_hostname_ = {};
}

void Mapper::Impl::trim_buffers() {
  arena_.trim();
  shrink_if_mostly_unused(series_tags_);
  shrink_if_mostly_unused(series_);
  shrink_if_mostly_unused(pending_);
  shrink_if_mostly_unused(order_);
  shrink_if_mostly_unused(tags_);
  shrink_if_mostly_unused(target_tags_);
  shrink_if_mostly_unused(prev_key_);
  shrink_if_mostly_unused(scratch_);
  if (line_filter_) line_filter_->trim();
  if (target_labels_.size() > kMaxKeptTargetLabels && target_count_ < target_labels_.size() / 4) {
    target_labels_.resize(target_count_);
    target_labels_.shrink_to_fit();
  }
  if (group_of_key_.bucket_count() > kMaxKeptBuckets) {
    decltype(group_of_key_)().swap(group_of_key_);
  }
  if (target_index_.bucket_count() > kMaxKeptBuckets) {
    decltype(target_index_)().swap(target_index_);
  }
}

}  // namespace kcheck::map
