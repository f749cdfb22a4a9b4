// Inputs that make yaml-cpp 0.7 (Debian 12) loop forever instead of failing: found by the
// config fuzzer (tests/fuzz/regressions/fuzz_config/timeout-*). They are refused before
// yaml-cpp sees them, with the message a correct YAML parser would give.
#pragma once

#include <string>
#include <string_view>

namespace kcheck::config {

/// "" when yaml-cpp can be given `text`; otherwise the problem, e.g.
/// `invalid YAML at line 1 col 4: ',' after the end of the document's {...} node`.
///
/// yaml-cpp hangs (allocating without bound) when a document whose root is a flow
/// collection or a quoted scalar (`{...}`, `[...]`, `"..."`, `'...'`) is followed by a ','
/// (`{"a": 1}, b`). That is never valid YAML, so refusing it loses nothing.
std::string yaml_cpp_hazard(std::string_view text);

}  // namespace kcheck::config
