// The bundled KrakenD-shaped exposition served by the demo endpoint (demo/krakend_demo.txt,
// embedded at build time).
#pragma once

#include <string_view>

namespace kcheck::stub {

/// The demo exposition: Prometheus text 0.0.4, no final newline, as KrakenD serves it.
std::string_view demo_payload() noexcept;

}  // namespace kcheck::stub
