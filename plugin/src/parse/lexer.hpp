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

/// Labels of one sample line and the scratch that holds the values that had escapes.
/// Reused from line to line, so the happy path stops allocating once it has warmed up.
struct LabelBuffer {
  /// A label whose value lives in `scratch`; its view is set once the line is complete,
  /// because `scratch` may move while later values are appended.
  struct Fixup {
    std::uint32_t index;
    std::uint32_t offset;
    std::uint32_t size;
    bool exemplar;
  };

  std::vector<Label> labels;
  std::vector<Label> exemplar_labels;
  std::string scratch;
  std::vector<Fixup> fixups;

  void clear() noexcept {
    labels.clear();
    exemplar_labels.clear();
    scratch.clear();
    fixups.clear();
  }
};

/// Everything but the labels of one sample line.
struct SampleLine {
  std::string_view name;
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

/// Lexes the sample line at `pos` (a line that does not start with '#'). On success stores
/// the offset just past the line's newline (or the input's end) in `*next`.
template <Format kFormat>
bool lex_sample(std::string_view input, std::size_t pos, LabelBuffer* buf, SampleLine* line,
                std::size_t* next, ParseError* err);

enum class MetaKind : std::uint8_t { kComment, kHelp, kType, kUnit, kEof };

/// One line starting with '#' (after optional blanks in 0.0.4).
struct MetaLine {
  MetaKind kind = MetaKind::kComment;
  std::string_view name;
  std::string_view text;  ///< HELP text (still escaped) or UNIT
  MetricType type = MetricType::kUnknown;
};

/// Lexes the '#' line at `pos`; stores the offset past its newline in `*next`.
bool lex_meta(std::string_view input, std::size_t pos, Format format, MetaLine* meta,
              std::size_t* next, ParseError* err);

}  // namespace kcheck::parse
