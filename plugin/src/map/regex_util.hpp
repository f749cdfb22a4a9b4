// std::regex behind errors-as-values: user-supplied patterns (raw_line_filters, extra_metrics,
// exclude_metrics, exclude_metrics_by_labels) are compiled once, in the Mapper's constructor.
#pragma once

#include <regex>
#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::map {

/// Compiles `pattern` (ECMAScript). `where` names the option for the error message, e.g.
/// `raw_line_filters[0]`.
Result<std::regex> compile_regex(const std::string& pattern, std::string_view where);

/// True when `text` contains a match of `re` (Python's re.search). Never throws: a regex that
/// exhausts std::regex's resources counts as no match.
bool regex_search_nothrow(const std::regex& re, std::string_view text) noexcept;

/// True when `name` is a plain metric name rather than a pattern: Datadog treats an entry as a
/// regular expression exactly when Python's re.escape() would change it.
bool is_plain_name(std::string_view name) noexcept;

}  // namespace kcheck::map
