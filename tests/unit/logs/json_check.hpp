// Every output line is one JSON object of valid UTF-8: checked with RapidJSON, shared by the
// hostile-input tests and the fuzz target.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <string>
#include <string_view>

namespace kcheck::logstest {

/// An empty string when every line of `jsonl` is a JSON object with the record's required
/// members, else what is wrong with the first bad line.
inline std::string check_json_lines(std::string_view jsonl) {
  while (!jsonl.empty()) {
    const std::size_t nl = jsonl.find('\n');
    if (nl == std::string_view::npos) return "the output does not end with a newline";
    const std::string line(jsonl.substr(0, nl));
    jsonl.remove_prefix(nl + 1);
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(line.c_str(), line.size());
    if (doc.HasParseError()) {
      return std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " in " + line;
    }
    if (!doc.IsObject() || !doc.HasMember("timestamp") || !doc.HasMember("status") ||
        !doc.HasMember("message") || !doc["message"].IsString()) {
      return "not a record: " + line;
    }
  }
  return {};
}

}  // namespace kcheck::logstest
