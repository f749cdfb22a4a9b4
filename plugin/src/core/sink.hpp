// The Sink interface is public (plugin/include/kcheck/sink.hpp) so that collectors linking
// kcheck::check implement the same one; this include path stays for the core's own code.
#pragma once

#include "kcheck/sink.hpp"
