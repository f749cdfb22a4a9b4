// libFuzzer target: the sample lexer's fast path against the general lexer (lexer_diff.hpp)
// in both formats, at every line start (and at every offset of a short input), on the input
// as it is and followed by padding, so that its last lines are in reach of the fast path
// too (it leaves a line to the general lexer when its 64-byte blocks would pass the end).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lexer_diff.hpp"

namespace {

void check_all(std::string_view input, std::size_t data_size) {
  for (std::size_t pos = 0; pos < data_size; ++pos) {
    const bool line_start = pos == 0 || input[pos - 1] == '\n';
    if (!line_start && data_size > 256) continue;
    for (const kcheck::Format format :
         {kcheck::Format::kPrometheus, kcheck::Format::kOpenMetrics}) {
      const std::string why = kcheck::fuzz::compare_lexers(input, pos, format);
      if (!why.empty()) {
        std::fprintf(stderr, "%s (%s)\n", why.c_str(),
                     format == kcheck::Format::kPrometheus ? "0.0.4" : "OpenMetrics");
        std::abort();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check_all(input, size);
  // 2 KiB of newlines: the longest line the fast path classifies, plus one block.
  check_all(input + std::string(2048 + 64, '\n'), size);
  return 0;
}
