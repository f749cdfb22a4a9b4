// libFuzzer target: the parser on arbitrary bytes as OpenMetrics 1.0 text.
#include <cstddef>
#include <cstdint>

#include "parse_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kcheck::fuzz::drive_parser({reinterpret_cast<const char*>(data), size},
                             kcheck::Format::kOpenMetrics);
  return 0;
}
