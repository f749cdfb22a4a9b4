#include "map/line_filter.hpp"

#include <algorithm>
#include <cstdint>

#include "map/regex_util.hpp"
#include "map/shrink.hpp"

namespace kcheck::map {

Result<LineFilter> LineFilter::create(const std::vector<std::string>& patterns) {
  LineFilter f;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    auto re = compile_regex(patterns[i], "raw_line_filters[" + std::to_string(i) + "]");
    if (!re.ok()) return re.status();
    f.patterns_.push_back(std::move(re).value());
  }
  return f;
}

Result<std::string_view> LineFilter::apply(std::string_view payload, std::size_t& removed,
                                           const CancelToken* cancel) {
  constexpr std::size_t kCancelCheckBytes = 64 * 1024;
  removed = 0;
  filtered_.clear();
  line_starts_.clear();
  std::size_t pos = 0;
  std::size_t cancel_check_at = cancel != nullptr ? 0 : SIZE_MAX;
  while (pos < payload.size()) {
    if (pos >= cancel_check_at) {
      if (cancel->cancelled()) return cancelled("run cancelled");
      cancel_check_at = pos + kCancelCheckBytes;
    }
    std::size_t end = payload.find('\n', pos);
    const std::size_t next = end == std::string_view::npos ? payload.size() : end + 1;
    if (end == std::string_view::npos) end = payload.size();
    std::string_view line = payload.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool drop = std::any_of(patterns_.begin(), patterns_.end(),
                                  [&](const config::Regex& re) { return re.search(line); });
    if (drop) {
      ++removed;
    } else {
      line_starts_.emplace_back(filtered_.size(), pos);
      filtered_.append(payload.substr(pos, next - pos));
    }
    pos = next;
  }
  return std::string_view(filtered_);
}

void LineFilter::trim() {
  shrink_if_mostly_unused(filtered_);
  shrink_if_mostly_unused(line_starts_);
}

void LineFilter::release() noexcept {
  decltype(filtered_)().swap(filtered_);
  decltype(line_starts_)().swap(line_starts_);
}

std::size_t LineFilter::original_offset(std::size_t offset) const noexcept {
  if (line_starts_.empty()) return offset;
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset,
                             [](std::size_t off, const std::pair<std::size_t, std::size_t>& ls) {
                               return off < ls.first;
                             });
  if (it == line_starts_.begin()) return offset;
  --it;
  return it->second + (offset - it->first);
}

}  // namespace kcheck::map
