#include "config/regex_rules.hpp"

#include <new>
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

}  // namespace

bool looks_like_regex(std::string_view entry) noexcept {
  constexpr std::string_view kSpecial = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
  return entry.find_first_of(kSpecial) != std::string_view::npos;
}

std::string regex_problem(std::string_view pattern) {
  if (pattern.size() > kMaxRegexLength) {
    return "longer than " + std::to_string(kMaxRegexLength) + " characters";
  }
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
