// The pull parser: reads one line per step, groups samples into families, and hands out
// one event per call. Lexing lives in the *_lexer.cpp files, OpenMetrics' semantic rules
// in om_validator.cpp, 0.0.4's family index in prom_families.hpp, the parser's state in
// parser_impl.hpp, going on after an error in parser_recovery.cpp.
#include <functional>
#include <string>
#include <utility>

#include "escape.hpp"
#include "kcheck/parse.hpp"
#include "parser_impl.hpp"

namespace kcheck {

using parse::LabelBuffer;
using parse::MetaKind;
using parse::MetaLine;
using parse::PromFamilies;
using parse::SampleLine;
using parse::SuffixRule;

// `name` itself when it is a view into the input; else (a quoted name with escapes, unescaped
// into a scratch buffer) a copy in name_store. Only escapes cost a copy.
std::string_view Parser::Impl::keep_name(std::string_view name) {
  const char* const begin = input.data();
  if (std::less_equal<const char*>{}(begin, name.data()) &&
      std::less<const char*>{}(name.data(), begin + input.size())) {
    return name;
  }
  return name_store.emplace_back(name);
}

void Parser::Impl::open_family(std::string_view name, std::size_t offset) {
  name = keep_name(name);
  family = Family{};
  family.name = name;
  owned = parse::owned_suffixes(format, MetricType::kUnknown);
  fam_open = true;
  fam_announced = false;
  fam_has_samples = false;
  fam_has_unit = false;
  fam_offset = offset;
  if (format == Format::kPrometheus) prom_index = prom.add(name);
}

void Parser::Impl::reopen_prom_family(std::uint32_t index) {
  const parse::PromFamilyRecord& r = prom.at(index);
  family = Family{};
  family.name = r.name;
  family.type = r.type;
  family.has_type = r.has_type;
  family.has_help = r.has_help;
  set_help(r.help_raw);
  owned = r.owned();
  fam_open = true;
  fam_announced = false;
  fam_has_samples = r.had_samples;
  prom_index = index;
}

void Parser::Impl::set_help(std::string_view raw) {
  if (raw.find('\\') == std::string_view::npos) {
    family.help = raw;
    return;
  }
  help_buf.clear();
  parse::append_unescaped(raw, /*quote=*/format == Format::kOpenMetrics, &help_buf);
  family.help = help_buf;
}

bool Parser::Impl::announce_family() {
  fam_announced = true;
  if (format == Format::kOpenMetrics) {
    if (!om.begin_family(family, fam_offset, unit_offset, &error)) return false;
  }
  return true;
}

bool Parser::Impl::close_family() {
  if (!fam_open) return true;
  fam_open = false;
  if (format == Format::kPrometheus) {
    prom.at(prom_index).had_samples = fam_has_samples;
    return true;
  }
  return om.end_family(&error);
}

bool Parser::Impl::apply_meta(const MetaLine& meta) {
  const std::string quoted = "'" + std::string(meta.name) + "'";
  switch (meta.kind) {
    case MetaKind::kHelp:
      if (family.has_help) {
        fail(pos, "expected one HELP line for " + quoted);
        return false;
      }
      family.has_help = true;
      set_help(meta.text);
      if (format == Format::kPrometheus) {
        prom.at(prom_index).has_help = true;
        prom.at(prom_index).help_raw = meta.text;
      }
      return true;
    case MetaKind::kType:
      if (family.has_type) {
        fail(pos, "expected one TYPE line for " + quoted);
        return false;
      }
      family.has_type = true;
      family.type = meta.type;
      owned = parse::owned_suffixes(format, meta.type);
      if (format == Format::kPrometheus) {
        prom.at(prom_index).has_type = true;
        prom.at(prom_index).type = meta.type;
      }
      return true;
    default:
      if (fam_has_unit) {
        fail(pos, "expected one UNIT line for " + quoted);
        return false;
      }
      fam_has_unit = true;
      family.unit = meta.text;
      unit_offset = pos;
      if (!om.check_unit(family.name, meta.text, pos, &error)) {
        fail_with_error();
        return false;
      }
      return true;
  }
}

// Leaves the open family for another one named by the '#' line at `pos`. Returns false with
// `*event` set when an event comes first (the line is then read again).
bool Parser::Impl::leave_family(Event* event) {
  if (fam_open && !fam_announced) {
    // The previous family had metadata only: announce it now and read this line again.
    *event = announce_family() ? Event::kFamily : fail_family();
    return false;
  }
  if (!close_family()) {
    *event = fail_family();
    return false;
  }
  return true;
}

// A HELP, TYPE or UNIT line that names `name` but does not lex (`error` says why) still opens
// that family, and one that owns every suffix: the type that would have said which suffixes
// it owns is unknown, and its _bucket, _sum, ... samples must not pass for other families
// (they are dropped with it). Returns the event to hand out.
Event Parser::Impl::fail_meta_of(std::string_view name) {
  if (!fam_open || name != family.name) {
    const ParseError lexed = error;  // announcing or closing the open family may overwrite it
    Event event = Event::kError;
    if (!leave_family(&event)) return event;
    error = lexed;
    if (format == Format::kPrometheus && prom.find(name) != PromFamilies::kNone) {
      return fail_with_error();  // an earlier family: recover() names it
    }
    open_family(name, pos);
  }
  owned = parse::any_suffixes(format);
  if (format == Format::kPrometheus) prom.at(prom_index).broken_meta = true;
  return fail_with_error();
}

// Returns true when `*event` is to be returned; false to go on with the next line.
bool Parser::Impl::handle_meta(Event* event) {
  MetaLine meta;
  std::size_t next = 0;
  if (!parse::lex_meta(input, pos, format, &meta, &meta_name_buf, &next, &error)) {
    *event = meta.name.empty() ? fail_with_error() : fail_meta_of(meta.name);
    return true;
  }
  if (meta.kind == MetaKind::kComment) {
    consume_to(next);
    return false;
  }
  if (meta.kind == MetaKind::kEof) {
    if (next < input.size()) {
      *event = fail(next, "expected end of input after '# EOF'");
      error_scope = ErrorScope::kInput;
      return true;
    }
    eof_seen = true;
    consume_to(next);
    return false;
  }
  if (fam_open && meta.name == family.name) {
    if (fam_has_samples) {
      const char* kw = meta.kind == MetaKind::kHelp   ? "HELP"
                       : meta.kind == MetaKind::kType ? "TYPE"
                                                      : "UNIT";
      *event = fail(pos, "expected " + std::string(kw) + " for '" + std::string(meta.name) +
                             "' before its samples");
      return true;
    }
  } else {
    if (!leave_family(event)) return true;
    if (format == Format::kPrometheus && prom.find(meta.name) != PromFamilies::kNone) {
      *event = fail(pos, "expected the metadata of '" + std::string(meta.name) +
                             "' in one block before its samples");
      return true;
    }
    open_family(meta.name, pos);
  }
  if (!apply_meta(meta)) {
    *event = Event::kError;
    return true;
  }
  consume_to(next);
  return false;
}

Event Parser::Impl::handle_sample() {
  current ^= 1u;
  LabelBuffer& buf = buffers[current];
  std::size_t next = 0;
  const bool ok =
      format == Format::kPrometheus
          ? parse::lex_sample<Format::kPrometheus>(input, pos, &buf, &line, &next, &error)
          : parse::lex_sample<Format::kOpenMetrics>(input, pos, &buf, &line, &next, &error);
  if (!ok) {
    // The label index stops the lexers once the token is set.
    if (cancel != nullptr && cancel->cancelled()) return stop_cancelled();
    return fail_with_error();
  }

  const SuffixRule* rule = fam_open ? parse::match_suffix(family.name, owned, line.name) : nullptr;
  if (rule == nullptr) {
    if (fam_open && !fam_announced) {
      current ^= 1u;  // this line is read again after the announcement
      return announce_family() ? Event::kFamily : fail_family();
    }
    if (!close_family()) return fail_family();
    if (format == Format::kPrometheus) {
      const std::uint32_t owner = prom.find_owner(line.name, &rule);
      if (owner != PromFamilies::kNone) {
        reopen_prom_family(owner);
      } else if (const std::uint32_t same = prom.find(line.name); same != PromFamilies::kNone) {
        return fail(pos, "expected a sample name with a suffix of the " +
                             std::string(metric_type_name(prom.at(same).type)) + " family '" +
                             std::string(line.name) + "'");
      }
    }
    if (rule == nullptr) {  // an undeclared family named after its first sample
      open_family(line.name, pos);
      rule = &owned.front();
    }
  }

  sample.name = line.name;
  sample.suffix = line.name.substr(family.name.size());
  sample.labels = buf.labels;
  sample.value = line.value;
  sample.has_timestamp = line.has_timestamp;
  sample.timestamp = line.timestamp;
  sample.exemplar = nullptr;
  if (line.has_exemplar) {
    exemplar.labels = buf.exemplar_labels;
    exemplar.value = line.exemplar_value;
    exemplar.has_timestamp = line.exemplar_has_timestamp;
    exemplar.timestamp = line.exemplar_timestamp;
    sample.exemplar = &exemplar;
  }

  Event event = Event::kSample;
  if (!fam_announced) {
    if (!announce_family()) {
      current ^= 1u;  // read again after recover(), as a sample of a quarantined family
      return fail_family();
    }
    event = Event::kFamily;
    pending_sample = true;
  }
  if (format == Format::kOpenMetrics &&
      !om.check_sample(input, family, rule->kind, sample, line, pos, &error)) {
    pending_sample = false;
    return fail_with_error();
  }
  fam_has_samples = true;
  consume_to(next);
  return event;
}

Event Parser::Impl::at_end() {
  event_line = line_no;
  if (fam_open && !fam_announced) return announce_family() ? Event::kFamily : fail_family();
  if (!close_family()) return fail_family();
  if (format == Format::kOpenMetrics && !eof_seen) {
    fail(input.size(), "expected '# EOF'");
    error_scope = ErrorScope::kInput;  // a truncated exposition: no family to blame
    return Event::kError;
  }
  terminal = true;
  terminal_event = Event::kEnd;
  return Event::kEnd;
}

Event Parser::Impl::next() {
  if (terminal) return terminal_event;
  if (pending_sample) {
    pending_sample = false;
    return Event::kSample;
  }
  for (;;) {
    // One compare per line; SIZE_MAX without a token.
    if (pos >= cancel_check_at && cancel_requested()) return stop_cancelled();
    if (pos >= input.size()) return at_end();
    event_line = line_no;
    char c = input[pos];
    if (format == Format::kPrometheus && (c == ' ' || c == '\t')) {
      // 0.0.4 allows blanks before any line; a line of blanks is a blank line.
      std::size_t i = pos;
      while (i < input.size() && (input[i] == ' ' || input[i] == '\t')) ++i;
      c = i < input.size() ? input[i] : '\n';
      if (c == '\n') {
        consume_to(i < input.size() ? i + 1 : i);
        continue;
      }
    }
    if (c == '\n') {
      if (format == Format::kOpenMetrics)
        return fail(pos, "expected a sample or '#' line, not a blank line");
      consume_to(pos + 1);
      continue;
    }
    if (c == '#') {
      Event event = Event::kEnd;
      if (handle_meta(&event)) return event;
      continue;
    }
    return handle_sample();
  }
}

// ---- public API

Parser::Parser(std::string_view input, Format format, const CancelToken* cancel)
    : impl_(std::make_unique<Impl>(input, format, cancel)) {}
Parser::~Parser() = default;
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;

Event Parser::next() {
  return impl_->next();
}
const Family& Parser::family() const noexcept {
  return impl_->family;
}
const Sample& Parser::sample() const noexcept {
  return impl_->sample;
}
const ParseError& Parser::error() const noexcept {
  return impl_->error;
}
std::size_t Parser::line() const noexcept {
  return impl_->event_line;
}
bool Parser::recover() {
  return impl_->recover();
}
std::string_view Parser::error_family() const noexcept {
  return impl_->error_family;
}

std::string_view Sample::label(std::string_view label_name, bool* found) const noexcept {
  for (const Label& l : labels) {
    if (l.name == label_name) {
      if (found != nullptr) *found = true;
      return l.value;
    }
  }
  if (found != nullptr) *found = false;
  return {};
}

bool validate(std::string_view input, Format format, ParseError* error) {
  Parser parser(input, format);
  for (;;) {
    switch (parser.next()) {
      case Event::kFamily:
      case Event::kSample:
        break;
      case Event::kEnd:
        return true;
      case Event::kError:
        if (error != nullptr) *error = parser.error();
        return false;
    }
  }
}

}  // namespace kcheck
