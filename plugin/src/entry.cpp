// PLACEHOLDER until the ABI lands (issue 3).
#include "core/check.hpp"
extern "C" __attribute__((visibility("default"))) const void* kcheck_plugin_entry(void) noexcept { return nullptr; }
