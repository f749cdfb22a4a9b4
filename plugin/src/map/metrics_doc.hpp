// docs/metrics.md, rendered from the map table so that the reference cannot drift from the
// code: a unit test compares the checked-in file with this text.
#pragma once

#include <string>

namespace kcheck::map {

/// The whole Markdown text of docs/metrics.md.
std::string render_metrics_markdown();

}  // namespace kcheck::map
