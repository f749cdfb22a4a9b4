// Numbers in tag values (upper_bound, lower_bound, quantile) spelled the way Datadog's
// OpenMetrics check spells them (Python's repr of a float), so that existing dashboards and
// monitors that filter on e.g. `upper_bound:1048576.0` keep matching.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kcheck::map {

/// Appends `value` in Datadog's spelling: `0` for zero, `inf`/`-inf`/`nan`, otherwise the
/// shortest round-trip digits, fixed with a trailing `.0` when integral if 1e-4 <= |x| < 1e16,
/// else exponent form with a sign and at least two exponent digits (`1e-05`, `1e+16`).
void append_datadog_number(std::string& out, double value);

/// The same spelling as a new string (for tests and documentation).
std::string format_datadog_number(double value);

/// Parses a bound or quantile label value the way Python's float() does for the spellings
/// exporters use: decimal or exponent form with an optional sign, and inf/infinity/nan in any
/// case. Surrounding blanks are allowed. Nullopt when the text is not a number.
std::optional<double> parse_label_number(std::string_view text) noexcept;

}  // namespace kcheck::map
