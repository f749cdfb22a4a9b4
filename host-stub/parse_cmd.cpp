// PLACEHOLDER until `host-stub parse` lands (issue 2).
#include "parse_cmd.hpp"
namespace kcheck::stub {
int run_parse(int, char**) { return 2; }
}  // namespace kcheck::stub
