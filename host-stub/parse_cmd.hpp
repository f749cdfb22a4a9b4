// `host-stub parse [--openmetrics] FILE|-`: prints each sample of an exposition as JSON lines.
#pragma once

namespace kcheck::stub {

/// argv[0] is "parse"; returns the process exit status (0 ok, 1 parse error, 2 usage).
int run_parse(int argc, char** argv);

}  // namespace kcheck::stub
