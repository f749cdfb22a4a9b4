// The one Catch2 main of every test executable.
//
// Every test talks to servers of its own on loopback; a proxy set in the developer's or CI's
// environment (which the scraper honours, as Python requests does) must not reroute them.
// Removed before Catch2 starts any test or thread; child processes inherit the clean set.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>

int main(int argc, char* argv[]) {
  for (const char* name : {"http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY",
                           "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"}) {
    ::unsetenv(name);
  }
  return Catch::Session().run(argc, argv);
}
