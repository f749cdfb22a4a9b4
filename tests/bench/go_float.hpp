// Number spelling of Go's strconv.FormatFloat(v, 'g', -1, 64), as Prometheus' Go exporters
// print sample values and bucket bounds.
#pragma once

#include <string>

namespace kcheck::bench {

/// Formats a double the way Go's strconv.FormatFloat(v, 'g', -1, 64) does, as the
/// exporter prints values and bounds: 0.01, 524288, 1.048576e+06, 8e-06.
std::string go_float(double v);

}  // namespace kcheck::bench
