// The JSON texts of krakend.get (the master item) and krakend.discovery (low-level discovery),
// written with RapidJSON: every string escaped, one line.
#pragma once

#include <string>
#include <string_view>

#include "kcheck/status.hpp"
#include "snapshot.hpp"

namespace kcheck::zabbix {

/// krakend.get: {"status":"ok"|<status code name>,"error":null|<message>,
/// "metrics":[{"name","type","value","tags"[,"hostname"]}...],
/// "service_checks":[{"name","status","message","tags"[,"hostname"]}...]}.
/// Integral values within +-2^53 are written without a fraction; NaN and infinities, which
/// JSON has no number for, as the strings "NaN", "+Inf", "-Inf". "hostname" only when set.
std::string render_get(const Snapshot& snapshot);

/// The LLD macro for a tag key: {#KEY}, upper case, every character other than A-Z, 0-9 and _
/// written as _ ("krakend.service_name" -> "{#KRAKEND_SERVICE_NAME}").
std::string macro_name(std::string_view tag_key);

/// krakend.discovery: [{"{#NAME}":<name>,"{#KEY}":<value>...}...], one object per series named
/// `name`, each `key:value` tag as a macro (tags without ':' are left out; when two tags give
/// the same macro, the first one counts; {#NAME} is always the series name). Identical objects
/// are listed once. The scrape's own error when it failed.
Result<std::string> render_discovery(const Snapshot& snapshot, std::string_view name);

}  // namespace kcheck::zabbix
