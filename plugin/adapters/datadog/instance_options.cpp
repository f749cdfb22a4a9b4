#include "instance_options.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace kcheck::datadog {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The spellings the core accepts for its own booleans (schemas: "boolish").
std::optional<bool> parse_bool(std::string_view text) {
  static constexpr std::array<std::string_view, 3> kTrue = {"true", "yes", "1"};
  static constexpr std::array<std::string_view, 3> kFalse = {"false", "no", "0"};
  const std::string l = lower(text);
  if (std::find(kTrue.begin(), kTrue.end(), l) != kTrue.end()) return true;
  if (std::find(kFalse.begin(), kFalse.end(), l) != kFalse.end()) return false;
  return std::nullopt;
}

// True when `line` is a top-level block mapping entry for `key` ("key:", "'key':", "\"key\":").
bool is_top_level_key_line(std::string_view line, std::string_view key) {
  std::size_t pos = 0;
  char quote = 0;
  if (!line.empty() && (line[0] == '"' || line[0] == '\'')) quote = line[pos++];
  if (line.substr(pos, key.size()) != key) return false;
  pos += key.size();
  if (quote != 0) {
    if (pos >= line.size() || line[pos] != quote) return false;
    ++pos;
  }
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  if (pos >= line.size() || line[pos] != ':') return false;
  ++pos;
  return pos == line.size() || line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r';
}

// A line that belongs to the value of the previous top-level key: indented, a sequence entry
// written at column 0 (YAML allows "key:\n- a"), or blank.
bool is_continuation_line(std::string_view line) {
  if (line.empty() || line == "\r") return true;
  return line[0] == ' ' || line[0] == '\t' || line[0] == '-';
}

// Removes the top-level block entry of `key` (its line and its continuation lines). Returns
// nullopt when there is no such line, e.g. in flow style or JSON.
std::optional<std::string> remove_block_entry(std::string_view text, std::string_view key) {
  std::string out;
  out.reserve(text.size());
  bool removed = false;
  bool skipping = false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const std::size_t next = (end == std::string_view::npos) ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (skipping && is_continuation_line(line)) {
      start = next;
      continue;
    }
    skipping = false;
    if (!removed && is_top_level_key_line(line, key)) {
      removed = true;
      skipping = true;
      start = next;
      continue;
    }
    out.append(text.substr(start, next - start));
    start = next;
  }
  if (!removed) return std::nullopt;
  return out;
}

}  // namespace

Result<PreparedInstance> prepare_instance(std::string_view instance_text) {
  PreparedInstance prepared;
  YAML::Node loaded;
  try {
    loaded = YAML::Load(std::string(instance_text));
  } catch (const std::exception&) {
    // Not YAML: the core's loader reports it with its own positioned message.
    prepared.core_text = std::string(instance_text);
    return prepared;
  }
  // Const access: operator[] on a non-const node may add the key it looks up.
  const YAML::Node& root = loaded;
  try {
    if (!root.IsMap() || !root[std::string(kNativeLogKey)]) {
      prepared.core_text = std::string(instance_text);
      return prepared;
    }
    const YAML::Node value = root[std::string(kNativeLogKey)];
    std::optional<bool> flag;
    if (value.IsScalar()) flag = parse_bool(value.Scalar());
    if (!flag) {
      const std::string shown = value.IsScalar() ? "\"" + value.Scalar() + "\"" : "a collection";
      return invalid_argument(std::string(kNativeLogKey) + ": expected a boolean, got " + shown);
    }
    prepared.native_log = *flag;

    auto stripped = remove_block_entry(instance_text, kNativeLogKey);
    // Re-read the result: exactly the one key must be gone and nothing else may have changed
    // shape. Rewriting the document through an emitter instead would lose scalar styles
    // ("0123" quoted vs plain), which the core's typing depends on.
    bool verified = false;
    if (stripped) {
      try {
        const YAML::Node check = YAML::Load(*stripped);
        if (check.IsNull() && root.size() == 1) {
          *stripped = "{}";
          verified = true;
        } else if (check.IsMap() && !check[std::string(kNativeLogKey)] &&
                   check.size() + 1 == root.size()) {
          verified = true;
        }
      } catch (const std::exception&) {
        verified = false;
      }
    }
    if (!verified) {
      return invalid_argument(std::string(kNativeLogKey) +
                              ": cannot be removed from this instance text; write the "
                              "instance in block-style YAML");
    }
    prepared.core_text = std::move(*stripped);
    return prepared;
  } catch (const std::exception& e) {
    return invalid_argument(std::string(kNativeLogKey) + ": " + e.what());
  }
}

}  // namespace kcheck::datadog
