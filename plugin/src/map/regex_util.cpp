#include "map/regex_util.hpp"

#include <string>

namespace kcheck::map {

Result<config::Regex> compile_regex(std::string_view pattern, std::string_view where) {
  auto re = config::Regex::compile(pattern);
  if (!re.ok()) return re.status().with_context(std::string(where) + ": ");
  return re;
}

}  // namespace kcheck::map
