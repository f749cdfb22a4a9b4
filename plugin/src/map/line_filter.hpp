// raw_line_filters: whole lines matching any of the patterns are removed before parsing
// (Datadog's check does it on the raw stream). Keeps the mapping from the filtered text back to
// the payload so that parse errors are reported at their position in what the endpoint sent.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/regex_rules.hpp"
#include "kcheck/cancel.hpp"
#include "kcheck/status.hpp"

namespace kcheck::map {

class LineFilter {
 public:
  static Result<LineFilter> create(const std::vector<std::string>& patterns);

  bool active() const noexcept { return !patterns_.empty(); }

  /// Filters `payload`; returns the text to parse (valid until the next call) and sets
  /// `removed` to the number of lines removed. Looks at `cancel` (when given) every 64 KiB
  /// of payload: kCancelled once it is set.
  Result<std::string_view> apply(std::string_view payload, std::size_t& removed,
                                 const CancelToken* cancel);

  /// Gives back the filtered copy of a large payload once payloads are small again.
  void trim();

  /// Frees the filtered copy whatever its size (between runs only: apply()'s view dies).
  void release() noexcept;

  /// Offset in the last payload of byte `offset` of the last filtered text.
  std::size_t original_offset(std::size_t offset) const noexcept;

 private:
  std::vector<config::Regex> patterns_;
  std::string filtered_;
  std::vector<std::pair<std::size_t, std::size_t>> line_starts_;  // (filtered, original)
};

}  // namespace kcheck::map
