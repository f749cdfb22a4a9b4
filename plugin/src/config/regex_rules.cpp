#include "config/regex_rules.hpp"

#include <new>

// GCC 12 at -O2 with sanitizers reports a false -Wmaybe-uninitialized inside <regex>'s
// std::function members (GCC bug 105562-like); the warning is about library code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>

namespace kcheck::config {
namespace {

// Fixed wording per error code: libstdc++'s what() texts differ between versions.
std::string reason(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  if (code == rc::error_collate) return "invalid collating element";
  if (code == rc::error_ctype) return "invalid character class";
  if (code == rc::error_escape) return "invalid escape";
  if (code == rc::error_backref) return "invalid back reference";
  if (code == rc::error_brack) return "unbalanced [ ]";
  if (code == rc::error_paren) return "unbalanced parenthesis";
  if (code == rc::error_brace) return "unbalanced { }";
  if (code == rc::error_badbrace) return "invalid repetition count in { }";
  if (code == rc::error_range) return "invalid character range";
  if (code == rc::error_space) return "too large";
  if (code == rc::error_badrepeat) return "nothing to repeat before *, +, ? or { }";
  if (code == rc::error_complexity) return "too complex";
  if (code == rc::error_stack) return "too complex";
  return "invalid";
}

// libstdc++ reports these two common mistakes as "mismatched parentheses"; name them.
std::string syntax_problem(std::string_view p) {
  bool in_class = false;
  bool atom_expected = true;  // at the start, after '(' or '|': a quantifier has nothing to repeat
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;
      atom_expected = false;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if ((c == '*' || c == '+' || c == '?') && atom_expected) {
      return "nothing to repeat at position " + std::to_string(i);
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      const char kind = i + 2 < p.size() ? p[i + 2] : '\0';
      if (kind != ':' && kind != '=' && kind != '!') {
        return "unsupported group (?" + std::string(kind == '\0' ? "" : std::string(1, kind)) +
               " at position " + std::to_string(i) + "; only (?:, (?= and (?! are supported";
      }
      i += 2;
      atom_expected = true;
      continue;
    }
    if (c == '[') in_class = true;
    atom_expected = c == '(' || c == '|';
  }
  return {};
}

}  // namespace

bool looks_like_regex(std::string_view entry) noexcept {
  constexpr std::string_view kSpecial = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
  return entry.find_first_of(kSpecial) != std::string_view::npos;
}

std::string regex_problem(std::string_view pattern) {
  if (pattern.size() > kMaxRegexLength) {
    return "longer than " + std::to_string(kMaxRegexLength) + " characters";
  }
  if (std::string problem = syntax_problem(pattern); !problem.empty()) return problem;
  try {
    const std::regex re(pattern.begin(), pattern.end(), std::regex::ECMAScript);
    static_cast<void>(re);
  } catch (const std::regex_error& e) {
    return reason(e.code());
  } catch (const std::bad_alloc&) {
    return "too large";
  } catch (const std::exception&) {
    return "invalid";
  }
  return {};
}

}  // namespace kcheck::config

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
