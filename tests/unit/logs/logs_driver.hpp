// Runs the log parser over test input and returns its records as JSON lines, the way the
// tests compare them with hand-written expectations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logs/json_record.hpp"
#include "logs/log_parser.hpp"
#include "logs/time_zone.hpp"

namespace kcheck::logstest {

/// The tests' "now": 2023-11-14T22:13:20.123Z.
inline constexpr std::int64_t kNow = 1'700'000'000'123;

struct Run {
  const logs::TimeZone* time_zone = nullptr;
  std::size_t max_line_bytes = logs::kDefaultMaxLineBytes;
};

/// Pulls every record of the chunk last fed, as JSON lines.
inline void drain(logs::LogParser& parser, std::string& out) {
  while (const logs::Record* rec = parser.next()) {
    logs::append_record_json(out, *rec);
    out += '\n';
  }
}

/// The records of `chunks` fed one after the other, then finish().
inline std::string records_of_chunks(const std::vector<std::string_view>& chunks, Run run = {}) {
  logs::LogParser parser({run.time_zone, run.max_line_bytes});
  std::string out;
  for (const std::string_view chunk : chunks) {
    parser.feed(chunk, kNow);
    drain(parser, out);
  }
  parser.finish();
  drain(parser, out);
  return out;
}

/// The records of `input` fed as one chunk.
inline std::string records(std::string_view input, Run run = {}) {
  return records_of_chunks({input}, run);
}

/// `input` cut after every '\n' (each line its own chunk).
inline std::vector<std::string_view> line_chunks(std::string_view input) {
  std::vector<std::string_view> chunks;
  while (!input.empty()) {
    const std::size_t nl = input.find('\n');
    const std::size_t n = nl == std::string_view::npos ? input.size() : nl + 1;
    chunks.push_back(input.substr(0, n));
    input.remove_prefix(n);
  }
  return chunks;
}

/// A table row: what is fed, and the JSON lines expected (written by hand).
struct Case {
  std::string name;
  std::string input;
  std::string expected;
};

}  // namespace kcheck::logstest
