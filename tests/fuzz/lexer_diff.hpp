// Differential check of the sample lexer's fast path (fast_sample_lexer.cpp) against the
// general lexer (sample_lexer.cpp): for any input and position, lex_sample (fast path
// first) must give exactly what lex_sample_general gives, success or error. Used by the
// fuzz_sample_lexer target and by tests/unit/parse/fast_lexer_test.cpp.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lexer.hpp"

namespace kcheck::fuzz {

/// Everything a sample lexer hands back, copied out of the views.
struct LexOutcome {
  bool ok = false;
  std::size_t next = 0;
  std::string name;
  std::uint64_t value = 0;  // the bits: NaN compares equal to itself
  std::vector<std::pair<std::string, std::string>> labels;
  bool has_timestamp = false;
  std::uint64_t timestamp = 0;
  bool has_exemplar = false;
  std::vector<std::pair<std::string, std::string>> exemplar_labels;
  std::uint64_t exemplar_value = 0;
  bool exemplar_has_timestamp = false;
  std::uint64_t exemplar_timestamp = 0;
  std::size_t value_offset = 0;
  std::size_t error_offset = 0;
  std::string error;

  bool operator==(const LexOutcome&) const = default;
};

inline std::vector<std::pair<std::string, std::string>> copy_labels(
    const std::vector<Label>& labels) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Label& l : labels) out.emplace_back(l.name, l.value);
  return out;
}

/// Lexes the line at `pos` with the fast path first (`fast`) or with the general lexer only.
/// `buf` may hold a previous line's labels, as the parser's buffers do.
template <Format kFormat>
LexOutcome lex_outcome(std::string_view input, std::size_t pos, bool fast,
                       parse::LabelBuffer* buf) {
  parse::SampleLine line;
  ParseError err;
  LexOutcome r;
  r.ok = fast ? parse::lex_sample<kFormat>(input, pos, buf, &line, &r.next, &err)
              : parse::lex_sample_general<kFormat>(input, pos, buf, &line, &r.next, &err);
  if (!r.ok) {
    r.next = 0;
    r.error_offset = err.offset;
    r.error = err.message;
    return r;
  }
  r.name = line.name;
  r.value = std::bit_cast<std::uint64_t>(line.value);
  r.labels = copy_labels(buf->labels);
  r.has_timestamp = line.has_timestamp;
  if (line.has_timestamp) r.timestamp = std::bit_cast<std::uint64_t>(line.timestamp);
  r.has_exemplar = line.has_exemplar;
  if (line.has_exemplar) {
    r.exemplar_labels = copy_labels(buf->exemplar_labels);
    r.exemplar_value = std::bit_cast<std::uint64_t>(line.exemplar_value);
    r.exemplar_has_timestamp = line.exemplar_has_timestamp;
    if (line.exemplar_has_timestamp) {
      r.exemplar_timestamp = std::bit_cast<std::uint64_t>(line.exemplar_timestamp);
    }
  }
  r.value_offset = line.value_offset;
  return r;
}

/// Empty when both lexers agree on the line at `pos` in `format`; otherwise what differs.
inline std::string compare_lexers(std::string_view input, std::size_t pos, Format format) {
  parse::LabelBuffer stale;  // a buffer that still holds an earlier line's labels
  stale.labels.push_back({"stale", "label"});
  stale.scratch = "stale";
  parse::LabelBuffer fresh;
  const LexOutcome fast = format == Format::kPrometheus
                              ? lex_outcome<Format::kPrometheus>(input, pos, true, &stale)
                              : lex_outcome<Format::kOpenMetrics>(input, pos, true, &stale);
  const LexOutcome general = format == Format::kPrometheus
                                 ? lex_outcome<Format::kPrometheus>(input, pos, false, &fresh)
                                 : lex_outcome<Format::kOpenMetrics>(input, pos, false, &fresh);
  if (fast == general) return {};
  std::string why = "lexers disagree at offset " + std::to_string(pos) + ": ";
  if (fast.ok != general.ok) {
    why += fast.ok ? "the fast path accepts what the general lexer rejects ("
                   : "the fast path rejects what the general lexer accepts (";
    why += fast.ok ? general.error : fast.error;
    return why + ")";
  }
  if (fast.next != general.next) return why + "next offset";
  if (fast.name != general.name) return why + "name";
  if (fast.value != general.value) return why + "value";
  if (fast.labels != general.labels) return why + "labels";
  if (fast.value_offset != general.value_offset) return why + "value offset";
  if (fast.error != general.error || fast.error_offset != general.error_offset) {
    return why + "error";
  }
  return why + "timestamp or exemplar";
}

}  // namespace kcheck::fuzz
