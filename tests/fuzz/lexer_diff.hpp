// Differential check of the sample lexer's fast path (fast_sample_lexer.cpp) against the
// general lexer (sample_lexer.cpp): for any input and position, lex_sample (fast path
// first) must give exactly what lex_sample_general gives, success or error. Used by the
// fuzz_sample_lexer target and by tests/unit/parse/fast_lexer_test.cpp.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lexer.hpp"

namespace kcheck::fuzz {

/// One lexer's answer for one line, as views into the input and the lexer's buffer.
struct LexRun {
  parse::LabelBuffer buf;
  parse::SampleLine line;
  ParseError err;
  std::size_t next = 0;
  bool ok = false;
};

inline bool same_bits(double a, double b) {  // NaN equals itself; 0 and -0 differ
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

inline bool same_labels(const std::vector<Label>& a, const std::vector<Label>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
  }
  return true;
}

/// Empty when the two runs agree; otherwise what differs.
inline std::string difference(const LexRun& fast, const LexRun& general) {
  if (fast.ok != general.ok) {
    return fast.ok
               ? "the fast path accepts what the general lexer rejects (" + general.err.message +
                     ")"
               : "the fast path rejects what the general lexer accepts (" + fast.err.message + ")";
  }
  if (!fast.ok) {
    const bool same =
        fast.err.offset == general.err.offset && fast.err.message == general.err.message;
    return same ? std::string() : "error";
  }
  const parse::SampleLine& a = fast.line;
  const parse::SampleLine& b = general.line;
  if (fast.next != general.next) return "next offset";
  if (a.name != b.name) return "name";
  if (!same_bits(a.value, b.value)) return "value";
  if (a.value_offset != b.value_offset) return "value offset";
  if (!same_labels(fast.buf.labels, general.buf.labels)) return "labels";
  if (a.has_timestamp != b.has_timestamp ||
      (a.has_timestamp && !same_bits(a.timestamp, b.timestamp))) {
    return "timestamp";
  }
  if (a.has_exemplar != b.has_exemplar) return "exemplar";
  if (a.has_exemplar &&
      (!same_labels(fast.buf.exemplar_labels, general.buf.exemplar_labels) ||
       !same_bits(a.exemplar_value, b.exemplar_value) ||
       a.exemplar_has_timestamp != b.exemplar_has_timestamp ||
       (a.exemplar_has_timestamp && !same_bits(a.exemplar_timestamp, b.exemplar_timestamp)))) {
    return "exemplar";
  }
  return {};
}

template <Format kFormat>
void lex_both(std::string_view input, std::size_t pos, LexRun* fast, LexRun* general) {
  fast->ok =
      parse::lex_sample<kFormat>(input, pos, &fast->buf, &fast->line, &fast->next, &fast->err);
  general->ok = parse::lex_sample_general<kFormat>(input, pos, &general->buf, &general->line,
                                                   &general->next, &general->err);
}

/// Empty when both lexers agree on the line at `pos` in `format`; otherwise what differs.
/// The fast path gets a buffer that still holds an earlier line's labels, as the parser's
/// buffers do.
inline std::string compare_lexers(std::string_view input, std::size_t pos, Format format) {
  LexRun fast;
  fast.buf.labels.push_back({"stale", "label"});
  fast.buf.scratch = "stale";
  LexRun general;
  if (format == Format::kPrometheus) {
    lex_both<Format::kPrometheus>(input, pos, &fast, &general);
  } else {
    lex_both<Format::kOpenMetrics>(input, pos, &fast, &general);
  }
  const std::string why = difference(fast, general);
  return why.empty() ? why : "lexers disagree at offset " + std::to_string(pos) + ": " + why;
}

}  // namespace kcheck::fuzz
