// Key paths as users read them (`instances[0].extra_metrics[2].type`) and short renderings of
// offending values for error messages.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::config {

/// Where a document sits: `prefix` is prepended to child keys ("instances[0]", "init_config",
/// or "" for a whole conf.yaml); `label` names the document itself in messages.
struct PathRoot {
  std::string prefix;
  std::string label;
};

/// `parent.key`, or `parent["odd key"]` when the key is not a plain identifier.
std::string join_key(std::string_view parent, std::string_view key);

/// `parent[index]`.
std::string join_index(std::string_view parent, std::size_t index);

/// A kInvalidArgument Status `<path>: <what>`, using the root label when `path` is empty.
Status error_at(const PathRoot& root, std::string_view path, std::string_view what);

/// Appends `text` as a JSON string literal: quoted, with `"`, `\\` and control characters
/// (and DEL) escaped; bytes >= 0x80 pass through.
void append_json_string(std::string& out, std::string_view text);

/// `"text"` with JSON escapes, cut after 80 bytes (on a code point boundary) with `...`.
std::string quoted(std::string_view text);

/// A value as shown after `got`: quoted strings, numbers, true/false, null, `a list`,
/// `a mapping`; non-finite numbers as YAML writes them (.inf, -.inf, .nan).
std::string describe_value(const rapidjson::Value& value);

/// The kind of a value only (`a string`, `a number`, `a list`...), for keys whose values
/// must never appear in a message.
std::string describe_kind(const rapidjson::Value& value);

/// True for the key paths whose values are secrets: `password`, `auth_token`, `headers`,
/// `extra_headers` and everything under them (Authorization, API keys, a pasted token).
bool is_secret_path(std::string_view path) noexcept;

/// The value at `path` as a message shows it after `got`: only its kind at a secret path,
/// else as describe_value() with a URL's user:password@ part masked.
std::string describe_at(std::string_view path, const rapidjson::Value& value);

/// A YAML scalar's text at `path` as a message shows it: `the value` at a secret path, else
/// quoted with a URL's user:password@ part masked.
std::string scalar_at(std::string_view path, std::string_view text);

/// Shortest round-trip text of a double (integral values without a fraction).
std::string format_number(double d);

}  // namespace kcheck::config
