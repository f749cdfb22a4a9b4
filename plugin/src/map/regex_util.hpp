// User patterns (raw_line_filters, extra_metrics, exclude_metrics, exclude_metrics_by_labels)
// compiled once, in the Mapper's constructor, by the loader's rules (config::Regex, RE2).
#pragma once

#include <string_view>

#include "config/regex_rules.hpp"
#include "kcheck/status.hpp"

namespace kcheck::map {

/// Compiles `pattern`. `where` names the option for the error message, e.g.
/// `raw_line_filters[0]: invalid regular expression "(": missing )`.
Result<config::Regex> compile_regex(std::string_view pattern, std::string_view where);

}  // namespace kcheck::map
