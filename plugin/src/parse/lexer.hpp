// Line lexers: one sample line or one '#' line at a time, into reusable buffers.
// Both are strict about their format's grammar but know nothing about families; the
// parser (parser.cpp) and the OpenMetrics validator (om_validator.hpp) add those rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kcheck/parse.hpp"

namespace kcheck::parse {

/// A hash index over the names of one label set, used once the set has grown past what a
/// linear scan handles cheaply: it keeps duplicate detection O(n) for a line of any label
/// count (a hostile 2 MB line of 100 000 labels). Reused from line to line.
struct LabelIndex {
  std::vector<std::uint32_t> slots;  ///< label index + 1 (0: free); size a power of two
  std::uint32_t indexed = 0;         ///< labels inserted; 0: not in use for this set
  /// Looked at every kCancelCheckLabels labels: one line of a million labels takes seconds.
  const CancelToken* cancel = nullptr;

  void clear() noexcept;
};

/// Labels of one sample line and the scratch that holds the names and values that had
/// escapes. Reused from line to line, so the happy path stops allocating once it has warmed
/// up. The general lexer never lets `scratch` move within a line (it reserves the rest of
/// the line at the first escape), so views into it are valid as soon as they are made.
struct LabelBuffer {
  std::vector<Label> labels;
  std::vector<Label> exemplar_labels;
  std::string scratch;
  LabelIndex label_index;
  LabelIndex exemplar_index;

  void clear() noexcept {
    labels.clear();
    exemplar_labels.clear();
    scratch.clear();
    label_index.clear();
    exemplar_index.clear();
  }
};

/// Everything but the labels of one sample line.
struct SampleLine {
  std::string_view name;  ///< unquoted; into the input, or into LabelBuffer::scratch
  double value = 0;
  bool has_timestamp = false;
  double timestamp = 0;  ///< seconds
  bool has_exemplar = false;
  double exemplar_value = 0;
  bool exemplar_has_timestamp = false;
  double exemplar_timestamp = 0;
  std::size_t value_offset = 0;
  std::size_t exemplar_offset = 0;
};

/// The general sample lexer (sample_lexer.cpp): lexes the sample line at `pos` (a line that
/// does not start with '#') whatever its shape, or stores what was expected where in `*err`.
/// On success stores the offset just past the line's newline (or the input's end) in `*next`.
template <Format kFormat>
bool lex_sample_general(std::string_view input, std::size_t pos, LabelBuffer* buf, SampleLine* line,
                        std::size_t* next, ParseError* err);

/// The fast path (fast_sample_lexer.cpp) for the shape exporters write, the same in both
/// formats: `name{label="value",...} value\n`, no other blanks, no escapes, ASCII values.
/// True when it has lexed the line, with exactly lex_sample_general's result; false, having
/// written nothing that lex_sample_general does not overwrite, when the line has another
/// shape, is an error, or lies in the input's last bytes: then lex_sample_general reads it.
bool lex_sample_fast(std::string_view input, std::size_t pos, LabelBuffer* buf, SampleLine* line,
                     std::size_t* next);

/// Lexes the sample line at `pos`: lex_sample_general's contract, the fast path first.
template <Format kFormat>
inline bool lex_sample(std::string_view input, std::size_t pos, LabelBuffer* buf, SampleLine* line,
                       std::size_t* next, ParseError* err) {
  return lex_sample_fast(input, pos, buf, line, next) ||
         lex_sample_general<kFormat>(input, pos, buf, line, next, err);
}

/// Label sets up to this size are checked for duplicates by a scan behind a bit filter;
/// larger ones through their LabelIndex.
inline constexpr std::size_t kScannedLabels = 32;

/// How often repeats_label_indexed() looks at its index's cancel token.
inline constexpr std::size_t kCancelCheckLabels = 1024;

/// repeats_label() for a set of kScannedLabels labels or more (label_index.cpp): indexes
/// `labels` on first use, then looks `name` up and, when new, records it as the label
/// about to be appended at index labels.size(). Also true, to stop the lexer, once the
/// index's cancel token is set (the parser then reports the cancel, not the repeat).
bool repeats_label_indexed(std::string_view name, const std::vector<Label>& labels,
                           LabelIndex* index);

/// Whether `name` is already among `labels`, the labels lexed so far of one label set; the
/// caller appends `name` next when it is not. `*filter` keeps one bit per name seen, from
/// its length, first and last byte: a repeat always hits its own bit, and a miss skips the
/// comparison with every earlier name. Past kScannedLabels labels `*index` takes over, so
/// a line costs O(labels) whatever its size. Both sample lexers check duplicates with it.
/// `name` is not empty.
inline bool repeats_label(std::string_view name, const std::vector<Label>& labels,
                          std::uint64_t* filter, LabelIndex* index) {
  if (labels.size() >= kScannedLabels) [[unlikely]] {
    return repeats_label_indexed(name, labels, index);
  }
  const unsigned bit =
      static_cast<unsigned>(name.size() * 31u + static_cast<unsigned char>(name.front()) * 7u +
                            static_cast<unsigned char>(name.back())) &
      63u;
  const std::uint64_t mask = std::uint64_t{1} << bit;
  if ((*filter & mask) != 0) {
    for (const Label& l : labels) {
      if (l.name == name) return true;
    }
  }
  *filter |= mask;
  return false;
}

enum class MetaKind : std::uint8_t { kComment, kHelp, kType, kUnit, kEof };

/// One line starting with '#' (after optional blanks in 0.0.4).
struct MetaLine {
  MetaKind kind = MetaKind::kComment;
  std::string_view name;  ///< unquoted; into the input, or into lex_meta's `name_buf`
  std::string_view text;  ///< HELP text (still escaped) or UNIT
  MetricType type = MetricType::kUnknown;
};

/// Lexes the '#' line at `pos`; stores the offset past its newline in `*next`. A quoted name
/// with escapes is unescaped into `*name_buf`.
bool lex_meta(std::string_view input, std::size_t pos, Format format, MetaLine* meta,
              std::string* name_buf, std::size_t* next, ParseError* err);

}  // namespace kcheck::parse
