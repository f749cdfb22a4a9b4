// libFuzzer target: the parser on arbitrary bytes as Prometheus text 0.0.4.
#include <cstddef>
#include <cstdint>

#include "parse_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kcheck::fuzz::drive_parser({reinterpret_cast<const char*>(data), size},
                             kcheck::Format::kPrometheus);
  return 0;
}
