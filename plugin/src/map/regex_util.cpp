#include "map/regex_util.hpp"

namespace kcheck::map {

Result<std::regex> compile_regex(const std::string& pattern, std::string_view where) {
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    return invalid_argument(std::string(where) + ": invalid regular expression '" + pattern +
                            "': " + e.what());
  } catch (const std::exception& e) {
    return internal_error(std::string(where) + ": " + e.what());
  }
}

bool regex_search_nothrow(const std::regex& re, std::string_view text) noexcept {
  try {
    return std::regex_search(text.begin(), text.end(), re);
  } catch (...) {
    return false;
  }
}

bool is_plain_name(std::string_view name) noexcept {
  // The characters Python 3.7+ re.escape() escapes.
  constexpr std::string_view kSpecial = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
  return name.find_first_of(kSpecial) == std::string_view::npos;
}

}  // namespace kcheck::map
