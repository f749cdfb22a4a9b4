// collectd's plugin API (collectd-dev, C headers without extern "C" guards). The only include
// of the daemon's headers; compiled with HAVE_CONFIG_H so that DATA_MAX_NAME_LEN comes from the
// daemon's own config.h: the collectd ABI has no version, the headers must match the daemon.
#pragma once

extern "C" {
#include "collectd/core/daemon/plugin.h"  // NOLINT(build/include_subdir)
}

#include "series_name.hpp"

static_assert(DATA_MAX_NAME_LEN == kcheck::collectd::kMaxNameBytes + 1,
              "series_name.hpp assumes collectd's DATA_MAX_NAME_LEN of 128");
