// The general sample lexer: one sample line of any shape, and the error for every broken
// one (lines in the common shape take fast_sample_lexer.cpp first). Names and values without
// escapes become views into the input; the rest is unescaped into LabelBuffer::scratch.
// Names may be quoted, as Prometheus 3 writes names outside [a-zA-Z0-9_:]: the metric name
// as the first item in the braces (`{"my.metric","a.b"="v"} 1`), label names in place. Prometheus
// 0.0.4 follows Prometheus' own lexer (blanks between tokens, a trailing comma in the label
// set, integer millisecond timestamps); OpenMetrics follows the spec's ABNF (single spaces,
// exemplars).
#include <string>

#include "char_class.hpp"
#include "escape.hpp"
#include "lexer.hpp"
#include "number.hpp"
#include "quoted.hpp"
#include "scan.hpp"

namespace kcheck::parse {
namespace {

template <Format kFormat>
class SampleLexer {
 public:
  static constexpr bool kOm = kFormat == Format::kOpenMetrics;

  SampleLexer(std::string_view input, LabelBuffer* buf, ParseError* err) noexcept
      : begin_(input.data()), end_(input.data() + input.size()), buf_(buf), err_(err) {}

  bool run(std::size_t pos, SampleLine* line, std::size_t* next);

 private:
  // '\0' past the end: it matches no structural byte, so every "expected X" check fails
  // there without a separate bounds test.
  char peek(const char* p) const noexcept { return p < end_ ? *p : '\0'; }

  const char* skip_blanks(const char* p) const noexcept {
    if constexpr (!kOm) {
      while (p < end_ && (*p == ' ' || *p == '\t')) ++p;
    }
    return p;
  }

  const char* token_end(const char* p) const noexcept {
    if constexpr (kOm) {
      while (p < end_ && *p != ' ' && *p != '\n') ++p;
    } else {
      while (p < end_ && !has_class(*p, kValueEnd)) ++p;
    }
    return p;
  }

  [[gnu::cold, gnu::noinline]] bool fail(const char* at, std::string_view message) {
    err_->offset = static_cast<std::size_t>(at - begin_);
    err_->message.assign(message);
    return false;
  }

  // Unescaping never lengthens text, so room for the rest of the line, reserved at its first
  // escape, keeps the scratch from moving while the line is lexed: a view into it is valid
  // as soon as it is made (names are compared for duplicates while later ones are read).
  std::string_view unescape(std::string_view raw) {
    std::string& scratch = buf_->scratch;
    if (!scratch_reserved_) {
      scratch.reserve(scratch.size() +
                      static_cast<std::size_t>(find_newline(raw.data(), end_) - raw.data()));
      scratch_reserved_ = true;
    }
    const std::size_t offset = scratch.size();
    append_unescaped(raw, /*quote=*/true, &scratch);
    return std::string_view(scratch.data() + offset, scratch.size() - offset);
  }

  bool lex_quoted_name(const char*& p, std::string_view* name) {
    const QuotedName q = scan_quoted_name(p, end_);
    if (q.error != nullptr) return fail(q.next, q.error);
    *name = q.escaped ? unescape(q.raw) : q.raw;
    p = q.next;
    return true;
  }

  bool lex_labels(const char*& p, bool exemplar, std::string_view* metric_name);
  bool lex_label_value(const char*& p, std::string_view* value);
  bool lex_exemplar(const char*& p, SampleLine* line);

  const char* begin_;
  const char* end_;
  LabelBuffer* buf_;
  ParseError* err_;
  bool scratch_reserved_ = false;
};

template <Format kFormat>
bool SampleLexer<kFormat>::lex_label_value(const char*& p, std::string_view* value) {
  const char* const start = p;
  const char* const q = find_value_stop(p, end_);
  if (q < end_ && *q == '"') [[likely]] {
    *value = std::string_view(start, static_cast<std::size_t>(q - start));
    p = q + 1;
    return true;
  }
  const QuotedRun run = scan_quoted(start, end_);
  if (!run.closed) return fail(run.stop, "expected '\"' to close label value");
  const std::string_view raw(start, static_cast<std::size_t>(run.stop - start));
  if (run.non_ascii && !is_valid_utf8(raw))
    return fail(start, "expected valid UTF-8 in label value");
  *value = run.escaped ? unescape(raw) : raw;
  p = run.stop + 1;
  return true;
}

template <Format kFormat>
bool SampleLexer<kFormat>::lex_labels(const char*& p, bool exemplar,
                                      std::string_view* metric_name) {
  std::vector<Label>& out = exemplar ? buf_->exemplar_labels : buf_->labels;
  p = skip_blanks(p + 1);        // past '{'
  if (metric_name != nullptr) {  // a line without a bare name: its name comes first, quoted
    if (peek(p) != '"') return fail(p, "expected quoted metric name");
    if (!lex_quoted_name(p, metric_name)) return false;
    p = skip_blanks(p);
    if (peek(p) == '}') {
      ++p;
      return true;
    }
    if (peek(p) != ',') return fail(p, "expected ',' or '}' after metric name");
    p = skip_blanks(p + 1);
    if constexpr (!kOm) {
      if (peek(p) == '}') {  // 0.0.4's trailing comma
        ++p;
        return true;
      }
    }
  } else if (peek(p) == '}') {
    ++p;
    return true;
  }
  std::uint64_t seen = 0;  // repeats_label()'s filter
  for (;;) {
    const char* const name_begin = p;
    std::string_view name;
    if (peek(p) == '"') {
      if (!lex_quoted_name(p, &name)) return false;
    } else {
      if (!has_class(peek(p), kLabelStart)) return fail(p, "expected label name");
      p = find_name_end<false>(p + 1, end_);
      name = std::string_view(name_begin, static_cast<std::size_t>(p - name_begin));
    }
    if (end_ - p >= 2 && p[0] == '=' && p[1] == '"') [[likely]] {
      p += 2;  // name=" as exporters write it: no blanks to skip
    } else {
      p = skip_blanks(p);
      if (peek(p) != '=') return fail(p, "expected '=' after label name");
      p = skip_blanks(p + 1);
      if (peek(p) != '"') return fail(p, "expected '\"' to open label value");
      ++p;
    }
    std::string_view value;
    if (!lex_label_value(p, &value)) return false;
    if (repeats_label(name, out, &seen, exemplar ? &buf_->exemplar_index : &buf_->label_index)) {
      return fail(name_begin, "expected label name '" + std::string(name) + "' only once");
    }
    out.push_back({name, value});
    if (peek(p) == ',' && has_class(peek(p + 1), kLabelStart)) [[likely]] {
      ++p;  // ",next" without blanks: straight to the next name
      continue;
    }
    p = skip_blanks(p);
    const char c = peek(p);
    if (c == ',') {
      p = skip_blanks(p + 1);
      if constexpr (!kOm) {
        if (peek(p) == '}') {  // Prometheus accepts a trailing comma
          ++p;
          return true;
        }
      }
      continue;
    }
    if (c == '}') {
      ++p;
      return true;
    }
    return fail(p, "expected ',' or '}' after label value");
  }
}

template <Format kFormat>
bool SampleLexer<kFormat>::lex_exemplar(const char*& p, SampleLine* line) {
  ++p;  // '#'
  if (peek(p) != ' ') return fail(p, "expected ' ' after '#'");
  ++p;
  if (peek(p) != '{') return fail(p, "expected '{' to open exemplar labels");
  line->exemplar_offset = static_cast<std::size_t>(p - begin_);
  if (!lex_labels(p, /*exemplar=*/true, nullptr)) return false;
  if (peek(p) != ' ') return fail(p, "expected ' ' after exemplar labels");
  ++p;
  const char* const v = p;
  p = token_end(p);
  if (p == v) return fail(v, "expected exemplar value");
  if (!parse_number({v, static_cast<std::size_t>(p - v)}, &line->exemplar_value)) {
    return fail(v, "expected a number as exemplar value");
  }
  line->has_exemplar = true;
  if (peek(p) == ' ') {
    ++p;
    const char* const t = p;
    p = token_end(p);
    if (p == t) return fail(t, "expected exemplar timestamp");
    if (!parse_real({t, static_cast<std::size_t>(p - t)}, &line->exemplar_timestamp)) {
      return fail(t, "expected a number as exemplar timestamp");
    }
    line->exemplar_has_timestamp = true;
  }
  return true;
}

template <Format kFormat>
bool SampleLexer<kFormat>::run(std::size_t pos, SampleLine* line, std::size_t* next) {
  buf_->clear();
  line->has_timestamp = false;
  line->has_exemplar = false;
  line->exemplar_has_timestamp = false;
  const char* p = skip_blanks(begin_ + pos);
  const char* const name_begin = p;
  const char* name_end = p;
  bool has_labels = false;
  if (peek(p) == '{') {
    if (!lex_labels(p, /*exemplar=*/false, &line->name)) return false;
    has_labels = true;
  } else {
    if (!has_class(peek(p), kMetricStart)) return fail(p, "expected metric name");
    p = find_name_end<true>(p + 1, end_);
    name_end = p;
    line->name = std::string_view(name_begin, static_cast<std::size_t>(name_end - name_begin));
    p = skip_blanks(p);
    if (peek(p) == '{') {
      if (!lex_labels(p, /*exemplar=*/false, nullptr)) return false;
      has_labels = true;
    }
  }
  if constexpr (kOm) {
    if (peek(p) != ' ') {
      return fail(
          p, has_labels ? "expected ' ' after labels" : "expected '{' or ' ' after metric name");
    }
    ++p;
  } else {
    const char* const before = p;
    p = skip_blanks(p);
    if (!has_labels && before == name_end) return fail(p, "expected '{' or ' ' after metric name");
  }

  const char* const v = p;
  p = token_end(p);
  if (p == v) return fail(v, "expected value");
  if (!parse_number({v, static_cast<std::size_t>(p - v)}, &line->value)) {
    return fail(v, "expected a number as value");
  }
  line->value_offset = static_cast<std::size_t>(v - begin_);

  if constexpr (kOm) {
    if (peek(p) == ' ') {
      ++p;
      if (peek(p) != '#') {
        const char* const t = p;
        p = token_end(p);
        if (p == t) return fail(t, "expected timestamp");
        if (!parse_real({t, static_cast<std::size_t>(p - t)}, &line->timestamp)) {
          return fail(t, "expected a number as timestamp");
        }
        line->has_timestamp = true;
        if (peek(p) == ' ') {
          ++p;
          if (peek(p) != '#') return fail(p, "expected '#' to start an exemplar");
        }
      }
      if (peek(p) == '#' && !lex_exemplar(p, line)) return false;
    }
  } else {
    p = skip_blanks(p);
    if (p < end_ && *p != '\n') {
      const char* const t = p;
      p = token_end(p);
      std::int64_t ms = 0;
      if (!parse_int64({t, static_cast<std::size_t>(p - t)}, &ms)) {
        return fail(t, "expected an integer timestamp in milliseconds");
      }
      line->timestamp = static_cast<double>(ms) / 1000.0;
      line->has_timestamp = true;
      p = skip_blanks(p);
    }
  }
  if (p < end_) {
    if (*p != '\n') return fail(p, "expected end of line");
    ++p;
  }
  *next = static_cast<std::size_t>(p - begin_);
  return true;
}

}  // namespace

template <Format kFormat>
bool lex_sample_general(std::string_view input, std::size_t pos, LabelBuffer* buf, SampleLine* line,
                        std::size_t* next, ParseError* err) {
  return SampleLexer<kFormat>(input, buf, err).run(pos, line, next);
}

template bool lex_sample_general<Format::kPrometheus>(std::string_view, std::size_t, LabelBuffer*,
                                                      SampleLine*, std::size_t*, ParseError*);
template bool lex_sample_general<Format::kOpenMetrics>(std::string_view, std::size_t, LabelBuffer*,
                                                       SampleLine*, std::size_t*, ParseError*);

}  // namespace kcheck::parse
