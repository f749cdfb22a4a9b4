// collectd has no tags: a series is identified by fixed-size strings of at most 127 bytes.
// This file folds a metric name and its tags into collectd's type_instance, stably.
//
// The scheme (docs/agents.md, "Series names in collectd"):
//  * the tags are sorted bytewise and de-duplicated; tags constant for the whole instance
//    (its `tags`, `service:`, `endpoint:`) are left out: plugin_instance names the instance;
//  * readable form: name, then ",tag" for each tag, each byte outside [A-Za-z0-9_.:=+-]
//    escaped as %XX (so ',' inside a tag and '/' in routes are unambiguous and path-safe);
//  * when the readable form exceeds 127 bytes: the escaped name, cut to 114 bytes, then "#" and
//    12 lowercase hex digits: the low 48 bits of FNV-1a-64 over the name and, for each sorted
//    tag, a NUL byte then the tag.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kcheck::collectd {

/// collectd's DATA_MAX_NAME_LEN (128) minus the terminating NUL.
inline constexpr std::size_t kMaxNameBytes = 127;

/// A series folded into one collectd name.
struct FoldedName {
  std::string type_instance;  ///< at most kMaxNameBytes bytes
  bool hashed = false;        ///< the readable form did not fit
  std::uint64_t hash = 0;     ///< FNV-1a-64 of name and sorted tags (set even when readable)
  std::string description;    ///< name{tag,tag,...}, unescaped, for the log when hashed
};

/// Folds `name` and `tags` (minus any in `instance_tags`, which must be sorted) into a name.
FoldedName fold_series(std::string_view name, std::span<const std::string_view> tags,
                       std::span<const std::string> instance_tags);

/// Escapes bytes outside [A-Za-z0-9_.:=+-] as %XX (uppercase hex).
std::string escape_name_part(std::string_view text);

/// FNV-1a, 64 bits, over `name`, then a NUL byte and each tag (already sorted, unique).
std::uint64_t series_hash(std::string_view name, std::span<const std::string_view> sorted_tags);

}  // namespace kcheck::collectd
