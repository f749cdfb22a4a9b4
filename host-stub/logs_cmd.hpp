// `host-stub logs [--timezone TZ] FILE|-`: prints each KrakenD log record as a JSON line.
#pragma once

namespace kcheck::stub {

/// argv[0] is "logs"; returns the process exit status (0 ok, 2 usage, input or output error).
int run_logs(int argc, char** argv);

}  // namespace kcheck::stub
