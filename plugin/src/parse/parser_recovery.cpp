// Going on after an error (Parser::recover()): which family a bad line concerns, so that the
// caller can drop that family alone, and where reading resumes.
#include <string_view>

#include "char_class.hpp"
#include "parser_impl.hpp"
#include "quoted.hpp"

namespace kcheck {

using parse::PromFamilies;

// The family a bad line names: the metric name at its start (after "# TYPE " and the like
// for a '#' line; quoted, as the first item in the braces of a sample line or after the
// keyword), resolved to its family as a good line would be; the open family when the line
// names none (garbage bytes, a blank line, a broken quoted name).
std::string_view Parser::Impl::family_of_line() {
  std::size_t i = pos;
  while (i < input.size() && (input[i] == ' ' || input[i] == '\t')) ++i;
  if (i < input.size() && input[i] == '#') {
    for (std::string_view kw :
         {std::string_view("# TYPE "), std::string_view("# HELP "), std::string_view("# UNIT ")}) {
      if (input.substr(i, kw.size()) == kw) {
        i += kw.size();
        break;
      }
    }
    if (i < input.size() && input[i] == '#') i = input.size();  // a comment names nothing
  }
  std::string_view name;
  if (i < input.size() && input[i] == '{') {
    ++i;
    while (i < input.size() && (input[i] == ' ' || input[i] == '\t')) ++i;
    if (i < input.size() && input[i] != '"') i = input.size();  // `{` names nothing else
  }
  if (i < input.size() && input[i] == '"') {
    const parse::QuotedName q =
        parse::scan_quoted_name(input.data() + i, input.data() + input.size());
    if (q.error == nullptr) name = parse::resolve_quoted_name(q, &error_name_buf);
  } else {
    std::size_t end = i;
    while (end < input.size() && parse::has_class(input[end], parse::kMetricChar)) ++end;
    name = input.substr(i, end - i);
    if (!name.empty() && !parse::has_class(name.front(), parse::kMetricStart)) name = {};
  }
  if (name.empty()) return fam_open ? family.name : std::string_view();
  if (fam_open && parse::match_suffix(family.name, owned, name) != nullptr) return family.name;
  if (format == Format::kPrometheus) {
    const parse::SuffixRule* rule = nullptr;
    if (const std::uint32_t owner = prom.find_owner(name, &rule); owner != PromFamilies::kNone) {
      return prom.at(owner).name;
    }
  }
  return name;
}

bool Parser::Impl::recover() {
  if (!terminal || terminal_event != Event::kError || error_scope == ErrorScope::kInput) {
    return false;
  }
  if (error_scope == ErrorScope::kLine) {
    error_family = family_of_line();
    const std::size_t eol = input.find('\n', pos);
    consume_to(eol == std::string_view::npos ? input.size() : eol + 1);
  }
  // The parser alternates two label buffers so that the validator can compare a sample
  // with the previous one; after a bad line that alternation is off by one, and the
  // previous sample's buffer would be reused (and reallocated) under the validator.
  if (format == Format::kOpenMetrics) om.forget_previous_sample();
  terminal = false;
  pending_sample = false;
  return true;
}

}  // namespace kcheck
