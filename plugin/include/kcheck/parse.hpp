// Public C++ API of the exposition parser: a zero-copy pull parser over a
// std::string_view for Prometheus text 0.0.4 and OpenMetrics 1.0 text.
//
//   kcheck::Parser p(payload, kcheck::Format::kPrometheus);
//   for (;;) {
//     switch (p.next()) {
//       case kcheck::Event::kFamily: use(p.family()); break;
//       case kcheck::Event::kSample: use(p.family(), p.sample()); break;
//       case kcheck::Event::kEnd: return;
//       case kcheck::Event::kError: report(p.error().to_string(payload)); return;
//     }
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace kcheck {

class CancelToken;

/// Exposition formats; the caller selects one (the HTTP layer by Content-Type).
enum class Format { kPrometheus, kOpenMetrics };

/// Metric family types of both formats. kUnknown is 0.0.4 "untyped" and OpenMetrics "unknown".
enum class MetricType {
  kUnknown,
  kCounter,
  kGauge,
  kHistogram,
  kSummary,
  kInfo,
  kStateset,
  kGaugeHistogram
};

/// Text of a type as written in a TYPE line ("counter", ...; kUnknown is "unknown").
std::string_view metric_type_name(MetricType type) noexcept;

/// A label pair, the name unquoted (Prometheus 3 writes `"label.name"="v"`). Views into the
/// input, or into the parser's scratch buffer when the name or value had escapes; valid
/// until the next call to Parser::next().
struct Label {
  std::string_view name;
  std::string_view value;
};

/// An OpenMetrics exemplar attached to a sample.
struct Exemplar {
  std::span<const Label> labels;
  double value = 0;
  bool has_timestamp = false;
  double timestamp = 0;  ///< seconds
};

/// A metric family: the metadata shared by its samples.
struct Family {
  /// As declared in TYPE/HELP, or the sample name when undeclared; unquoted. Valid as long as
  /// the parser (a name with escapes is copied once into the parser).
  std::string_view name;
  MetricType type = MetricType::kUnknown;
  std::string_view help;  ///< unescaped; empty when absent
  std::string_view unit;  ///< OpenMetrics only; empty when absent
  bool has_help = false;
  bool has_type = false;
};

/// One sample line. All views valid until the next call to Parser::next().
struct Sample {
  std::string_view name;          ///< full sample name, unquoted, e.g. "foo_bucket"
  std::string_view suffix;        ///< the part after the family name ("_bucket", "_total", "" ...)
  std::span<const Label> labels;  ///< in input order, escapes resolved
  double value = 0;
  bool has_timestamp = false;
  double timestamp = 0;                ///< seconds (0.0.4 milliseconds are divided by 1000)
  const Exemplar* exemplar = nullptr;  ///< null when the line has none

  /// Value of label `name`, or nullptr-data view when absent (linear scan).
  std::string_view label(std::string_view name, bool* found = nullptr) const noexcept;
};

/// The source text of a sample's labels other than one (see label_text()).
struct LabelText {
  std::string_view first;   ///< non-empty unless both are
  std::string_view second;  ///< the labels after the skipped one, when it is not the last
};

/// The text of `input` that `labels` (a Sample's, from a Parser over `input`) were lexed from,
/// without the label at index `skip` (-1: none): at most two runs, each from a label name to
/// the end of a later label's value. False when the parser cannot tell, which is when the
/// first name of a run or the last label of a run was unescaped into the parser's scratch.
/// Two samples of one input whose runs are byte-equal have equal label lists (their skipped
/// labels aside); runs that differ say nothing (`a="1",b="2"` and `b="2",a="1"`). For
/// consumers that recognise a series repeated on consecutive lines (a histogram's buckets,
/// _sum and _count) with one comparison instead of one per label.
inline bool label_text(std::string_view input, std::span<const Label> labels, std::ptrdiff_t skip,
                       LabelText* out) noexcept {
  // Addresses as integers: a view may point into the parser's scratch, not into `input`.
  const auto addr = [](const char* p) { return reinterpret_cast<std::uintptr_t>(p); };
  const auto in_input = [&](const char* p, std::size_t n) {
    const std::uintptr_t at = addr(p) - addr(input.data());
    return at <= input.size() && n <= input.size() - at;
  };
  // Labels [from, to): the last value must follow its name's `="` (no quotes, no escapes),
  // so that the run ends where the source of the last label ends.
  const auto run = [&](std::size_t from, std::size_t to, std::string_view* text) {
    if (from == to) {
      *text = {};
      return true;
    }
    const Label& last = labels[to - 1];
    const char* const begin = labels[from].name.data();
    if (addr(last.value.data()) != addr(last.name.data()) + last.name.size() + 2 ||
        !in_input(last.name.data(), last.name.size() + 2 + last.value.size()) ||
        !in_input(begin, 0) || addr(begin) > addr(last.name.data())) {
      return false;
    }
    *text = {begin, addr(last.value.data()) + last.value.size() - addr(begin)};
    return true;
  };
  const std::size_t n = labels.size();
  const std::size_t cut =
      skip >= 0 && static_cast<std::size_t>(skip) < n ? static_cast<std::size_t>(skip) : n;
  if (!run(0, cut, &out->first) || !run(cut < n ? cut + 1 : n, n, &out->second)) return false;
  if (out->first.empty()) std::swap(out->first, out->second);
  return true;
}

/// A parse error: byte offset in the input plus what was expected.
struct ParseError {
  std::size_t offset = 0;
  std::string message;  ///< e.g. "expected '=' after label name"

  /// "line L col C: <message> near '<escaped snippet>'" computed from the input.
  std::string to_string(std::string_view input) const;
};

enum class Event { kFamily, kSample, kEnd, kError };

/// Pull parser. Holds views into `input`, which must outlive it. Reusable buffers are
/// kept across calls so that the happy path does not allocate per sample.
class Parser {
 public:
  /// With `cancel`, next() looks at the token each time it has moved over 64 KiB of input
  /// (comment and blank lines included, which produce no event), and every 1 024 labels
  /// within a line: once it is set, next() returns kError, error().message "cancelled", for
  /// good (recover() is false). The token must outlive the parser.
  Parser(std::string_view input, Format format, const CancelToken* cancel = nullptr);
  ~Parser();
  Parser(Parser&&) noexcept;
  Parser& operator=(Parser&&) noexcept;
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// Advances to the next event. kFamily is returned once per family, before its
  /// first sample (or at end of its metadata when it has no samples). After kEnd or
  /// kError every further call returns the same event.
  Event next();

  const Family& family() const noexcept;     ///< current family (valid after kFamily/kSample)
  const Sample& sample() const noexcept;     ///< current sample (valid after kSample)
  const ParseError& error() const noexcept;  ///< valid after kError

  std::size_t line() const noexcept;  ///< 1-based line of the current event (for diagnostics)

  /// After kError: goes on past the error, so that one bad line costs only its family (the
  /// caller drops error_family()). A bad line is skipped; after a rule of a whole family the
  /// next line is read as usual. False, and kError stays, when the error concerns the whole
  /// input (OpenMetrics' missing '# EOF', bytes after it). The recovered parser enforces
  /// nothing more of the bad family: its later samples still come, for the caller to drop.
  bool recover();

  /// After recover(): the family the error concerns, as the payload names it: the family a
  /// bad line names (by its metric name, suffixes resolved), else the family of the block it
  /// sits in; empty when there is none (garbage before any family). Valid until next().
  std::string_view error_family() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Convenience: runs the parser to the end; returns true when the whole input is valid.
bool validate(std::string_view input, Format format, ParseError* error = nullptr);

/// Picks the format for an HTTP Content-Type header value
/// ("application/openmetrics-text..." -> kOpenMetrics, anything else -> kPrometheus).
Format format_from_content_type(std::string_view content_type) noexcept;

}  // namespace kcheck
