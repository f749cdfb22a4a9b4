// libFuzzer target: the log parser (plugin/src/logs) on arbitrary bytes. Every record's JSON
// must be a valid UTF-8 JSON object (RapidJSON checks it), and the input fed line by line
// must give the same records as the input fed whole (what the parser holds across chunks
// changes nothing). The first byte picks a small line limit now and then, to reach the
// truncation paths with short inputs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "json_check.hpp"
#include "logs_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  kcheck::logstest::Run run;
  // Inputs are at most 16 KiB (run_fuzzers.sh): a 4 KiB limit still cuts their long lines,
  // and builds the parser's buffers (4x the limit) fast enough for many runs a second.
  run.max_line_bytes = 4096;
  if (!input.empty() && static_cast<unsigned char>(input.front()) >= 0xF0) {
    run.max_line_bytes = static_cast<unsigned char>(input.front()) - 0xEF;  // 1..16 bytes
  }
  const std::string whole = kcheck::logstest::records(input, run);
  const std::string bad = kcheck::logstest::check_json_lines(whole);
  if (!bad.empty()) {
    std::fprintf(stderr, "fuzz_logs: invalid output: %s\n", bad.c_str());
    std::abort();
  }
  if (kcheck::logstest::records_of_chunks(kcheck::logstest::line_chunks(input), run) != whole) {
    std::fprintf(stderr, "fuzz_logs: line-by-line feeding gave other records\n");
    std::abort();
  }
  return 0;
}
