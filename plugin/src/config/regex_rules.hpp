// Regular expressions in the configuration (exclude_metrics, extra_metrics, raw_line_filters,
// exclude_metrics_by_labels): which entries are regexes, and whether they compile.
// The map layer compiles them again for matching; it uses the same rules from here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kcheck::config {

/// Longest regular expression accepted; std::regex compiles recursively.
inline constexpr std::size_t kMaxRegexLength = 1024;

/// True when a metric-name entry is a regular expression rather than an exact name: it holds
/// a character Python's re.escape would escape (Datadog's rule), i.e. one of
/// ()[]{}?*+-|^$\.&~# or whitespace.
bool looks_like_regex(std::string_view entry) noexcept;

/// "" when `pattern` compiles as a std::regex (ECMAScript); otherwise the reason, e.g.
/// "unbalanced parenthesis". Never throws.
std::string regex_problem(std::string_view pattern);

}  // namespace kcheck::config
