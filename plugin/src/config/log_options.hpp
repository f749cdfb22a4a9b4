// The log tailing options of an instance: log_files, log_start_position, log_max_bytes_per_run,
// log_timezone, log_output, log_output_max_size (docs/logs.md).
#pragma once

#include <rapidjson/document.h>

#include "config/config.hpp"
#include "config/key_path.hpp"

namespace kcheck::config {

/// Fills `logs` from an instance that passed its schema. Loads log_timezone now, so that an
/// unknown zone is a configuration error naming the key, not a failure of every run.
Status read_log_options(const rapidjson::Value& instance, const PathRoot& instance_root,
                        LogOptions& logs);

}  // namespace kcheck::config
