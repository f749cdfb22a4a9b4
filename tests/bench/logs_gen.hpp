// A deterministic KrakenD log of about `bytes` bytes for the log parser's benchmark: every
// format in the proportions a busy gateway writes them (mostly Gin access lines and
// gologging lines), with the shapes that cost (errors after access lines, colours, secrets,
// Go-quoted paths, logstash quotes, docker and syslog prefixes, an occasional panic).
#pragma once

#include <cstddef>
#include <string>

namespace kcheck::bench {

std::string krakend_log(std::size_t bytes, unsigned seed = 1);

}  // namespace kcheck::bench
