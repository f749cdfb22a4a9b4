// Shared body of the parser fuzz targets: drives kcheck::Parser to kEnd/kError and reads
// every byte of every view it hands out, so that ASan reports a view that points outside
// the input or into a freed scratch buffer at the event that produced it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "kcheck/parse.hpp"

namespace kcheck::fuzz {

// Volatile so that the compiler cannot drop the reads that make ASan look at each byte.
inline volatile std::uint64_t g_sink = 0;

[[noreturn]] inline void contract_violation(const char* what) {
  std::fprintf(stderr, "parser contract violated: %s\n", what);
  std::abort();
}

inline std::uint64_t touch(std::string_view v) {
  std::uint64_t h = v.size();
  for (char c : v) h = h * 31u + static_cast<unsigned char>(c);
  return h;
}

inline std::uint64_t touch(std::span<const Label> labels) {
  std::uint64_t h = labels.size();
  for (const Label& l : labels) h += touch(l.name) ^ (touch(l.value) << 1);
  return h;
}

inline std::uint64_t touch(double d) {
  // The bits, not a conversion: NaN and infinities are legal sample values.
  return std::bit_cast<std::uint64_t>(d);
}

inline std::uint64_t touch(const Family& f) {
  return touch(f.name) + touch(f.help) + touch(f.unit) + touch(metric_type_name(f.type)) +
         static_cast<std::uint64_t>(f.has_help) + static_cast<std::uint64_t>(f.has_type);
}

inline std::uint64_t touch(const Sample& s) {
  std::uint64_t h = touch(s.name) + touch(s.suffix) + touch(s.labels) + touch(s.value);
  if (s.has_timestamp) h += touch(s.timestamp);
  if (s.exemplar != nullptr) {
    h += touch(s.exemplar->labels) + touch(s.exemplar->value);
    if (s.exemplar->has_timestamp) h += touch(s.exemplar->timestamp);
  }
  // Exercise the lookup with a present name (the first label) and a likely-absent one.
  if (!s.labels.empty()) {
    bool found = false;
    h += touch(s.label(s.labels.front().name, &found));
    if (!found) contract_violation("Sample::label() misses a label present in labels");
  }
  h += touch(s.label("le"));
  return h;
}

/// Runs one input to the end in `format`; aborts on a broken documented contract.
inline void drive_parser(std::string_view input, Format format) {
  Parser parser(input, format);
  // Every event consumes at least part of a line, so a parser that emits more events than
  // this is looping; failing here gives a clearer report than libFuzzer's timeout.
  const std::size_t max_events = 4 * input.size() + 16;
  std::uint64_t h = 0;
  Event ev = Event::kEnd;
  for (std::size_t n = 0;; ++n) {
    if (n > max_events) contract_violation("more events than the input can hold");
    ev = parser.next();
    h += parser.line();
    if (ev == Event::kFamily) {
      h += touch(parser.family());
    } else if (ev == Event::kSample) {
      h += touch(parser.family()) + touch(parser.sample());
    } else {
      break;
    }
  }
  ParseError validate_error;
  const bool valid = validate(input, format, &validate_error);
  if (ev == Event::kError) {
    const ParseError& err = parser.error();
    if (err.offset > input.size()) contract_violation("error offset past the end of the input");
    h += touch(err.message) + touch(err.to_string(input));
    if (valid) contract_violation("validate() accepts an input that next() rejects");
    if (validate_error.offset != err.offset) contract_violation("validate() error offset differs");
  } else if (!valid) {
    contract_violation("validate() rejects an input that next() accepts");
  }
  // After kEnd/kError every further call returns the same event.
  for (int i = 0; i < 2; ++i) {
    if (parser.next() != ev) contract_violation("next() changed event after kEnd/kError");
  }
  g_sink = g_sink + h;
}

}  // namespace kcheck::fuzz
