// Lines starting with '#'. In 0.0.4 only "# HELP name text" and "# TYPE name type" mean
// something and every other comment is skipped (as Go's expfmt does); in OpenMetrics the
// only '#' lines are HELP, TYPE, UNIT and the final "# EOF", each with single spaces. In both,
// the name may be quoted as Prometheus 3 writes names outside [a-zA-Z0-9_:]
// (`# TYPE "my.metric" gauge`).
#include <cstring>
#include <string>

#include "char_class.hpp"
#include "escape.hpp"
#include "lexer.hpp"
#include "metric_type.hpp"
#include "quoted.hpp"
#include "scan.hpp"

namespace kcheck::parse {
namespace {

class MetaLexer {
 public:
  MetaLexer(std::string_view input, MetaLine* meta, std::string* name_buf, ParseError* err) noexcept
      : begin_(input.data()),
        end_(input.data() + input.size()),
        meta_(meta),
        name_buf_(name_buf),
        err_(err) {}

  bool prometheus(const char* p, const char* line_end);
  bool openmetrics(const char* p, const char* line_end);

 private:
  bool fail(const char* at, std::string_view message) {
    err_->offset = static_cast<std::size_t>(at - begin_);
    err_->message.assign(message);
    return false;
  }

  const char* skip_blanks(const char* p, const char* line_end) const noexcept {
    while (p < line_end && (*p == ' ' || *p == '\t')) ++p;
    return p;
  }

  static const char* scan_metric_name(const char* p, const char* line_end) noexcept {
    if (p == line_end || !has_class(*p, kMetricStart)) return p;
    ++p;
    while (p < line_end && has_class(*p, kMetricChar)) ++p;
    return p;
  }

  // The metric name at `p`, bare or quoted, into meta_->name; `missing` when there is none.
  bool lex_name(const char*& p, const char* line_end, std::string_view missing) {
    if (p < line_end && *p == '"') {
      const QuotedName q = scan_quoted_name(p, line_end);
      if (q.error != nullptr) return fail(q.next, q.error);
      meta_->name = resolve_quoted_name(q, name_buf_);
      p = q.next;
      return true;
    }
    const char* const name_begin = p;
    p = scan_metric_name(p, line_end);
    if (p == name_begin) return fail(p, missing);
    meta_->name = std::string_view(name_begin, static_cast<std::size_t>(p - name_begin));
    return true;
  }

  const char* begin_;
  const char* end_;
  MetaLine* meta_;
  std::string* name_buf_;
  ParseError* err_;
};

bool MetaLexer::prometheus(const char* p, const char* line_end) {
  meta_->kind = MetaKind::kComment;
  p = skip_blanks(p, line_end) + 1;  // past '#'
  p = skip_blanks(p, line_end);
  const char* const kw_begin = p;
  while (p < line_end && *p != ' ' && *p != '\t') ++p;
  const std::string_view keyword(kw_begin, static_cast<std::size_t>(p - kw_begin));
  const bool help = keyword == "HELP";
  if (!help && keyword != "TYPE") return true;  // any other comment
  p = skip_blanks(p, line_end);
  if (p == line_end) return true;  // a bare "# HELP" is a comment to expfmt too
  if (!lex_name(p, line_end,
                help ? "expected metric name after HELP" : "expected metric name after TYPE")) {
    return false;
  }
  if (p < line_end && *p != ' ' && *p != '\t') return fail(p, "expected ' ' after metric name");
  p = skip_blanks(p, line_end);
  if (help) {
    // "# HELP name" and "# HELP name " (KrakenD's OpenTelemetry families) mean empty help.
    meta_->kind = MetaKind::kHelp;
    meta_->text = std::string_view(p, static_cast<std::size_t>(line_end - p));
    return true;
  }
  if (p == line_end) return fail(p, "expected metric type after metric name");
  const char* const word_begin = p;
  while (p < line_end && *p != ' ' && *p != '\t') ++p;
  const std::string_view word(word_begin, static_cast<std::size_t>(p - word_begin));
  p = skip_blanks(p, line_end);
  if (p != line_end) return fail(p, "expected end of line after metric type");
  if (!parse_metric_type(word, Format::kPrometheus, &meta_->type)) {
    return fail(word_begin, "expected counter, gauge, histogram, summary or untyped");
  }
  meta_->kind = MetaKind::kType;
  return true;
}

bool MetaLexer::openmetrics(const char* p, const char* line_end) {
  const auto line_size = static_cast<std::size_t>(line_end - p);
  if (line_size == 5 && std::memcmp(p, "# EOF", 5) == 0) {
    meta_->kind = MetaKind::kEof;
    return true;
  }
  ++p;  // '#'
  if (p == line_end || *p != ' ') return fail(p, "expected ' ' after '#'");
  ++p;
  const char* const kw_begin = p;
  while (p < line_end && *p != ' ') ++p;
  const std::string_view keyword(kw_begin, static_cast<std::size_t>(p - kw_begin));
  if (keyword.substr(0, 3) == "EOF")
    return fail(kw_begin + 3, "expected end of line after '# EOF'");
  if (keyword == "HELP") {
    meta_->kind = MetaKind::kHelp;
  } else if (keyword == "TYPE") {
    meta_->kind = MetaKind::kType;
  } else if (keyword == "UNIT") {
    meta_->kind = MetaKind::kUnit;
  } else {
    return fail(kw_begin, "expected HELP, TYPE, UNIT or EOF after '# '");
  }
  if (p == line_end) return fail(p, "expected ' ' and metric name after keyword");
  ++p;
  if (!lex_name(p, line_end, "expected metric name")) return false;
  if (p == line_end || *p != ' ') return fail(p, "expected ' ' after metric name");
  ++p;
  const std::string_view rest(p, static_cast<std::size_t>(line_end - p));
  switch (meta_->kind) {
    case MetaKind::kHelp:
      if (!is_valid_utf8(rest)) return fail(p, "expected valid UTF-8 in HELP text");
      meta_->text = rest;
      return true;
    case MetaKind::kType:
      if (!parse_metric_type(rest, Format::kOpenMetrics, &meta_->type)) {
        return fail(p,
                    "expected counter, gauge, histogram, gaugehistogram, stateset, info, "
                    "summary or unknown");
      }
      return true;
    default: {
      const char* q = p;
      while (q < line_end && has_class(*q, kMetricChar)) ++q;
      if (q != line_end) return fail(q, "expected end of line after unit");
      meta_->text = rest;
      return true;
    }
  }
}

}  // namespace

bool lex_meta(std::string_view input, std::size_t pos, Format format, MetaLine* meta,
              std::string* name_buf, std::size_t* next, ParseError* err) {
  const char* const begin = input.data();
  const char* const end = begin + input.size();
  const char* const line_end = find_newline(begin + pos, end);
  *next = static_cast<std::size_t>((line_end < end ? line_end + 1 : end) - begin);
  meta->name = {};
  meta->text = {};
  MetaLexer lexer(input, meta, name_buf, err);
  return format == Format::kPrometheus ? lexer.prometheus(begin + pos, line_end)
                                       : lexer.openmetrics(begin + pos, line_end);
}

}  // namespace kcheck::parse
