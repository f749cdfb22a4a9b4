#include "config/schema_check.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>

#include <string>
#include <vector>

#include "config/suggest.hpp"

namespace kcheck::config {
namespace {

std::string_view str(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

const rapidjson::Value* member(const rapidjson::Value* node, const char* name) {
  if (node == nullptr || !node->IsObject()) return nullptr;
  const auto it = node->FindMember(name);
  return it == node->MemberEnd() ? nullptr : &it->value;
}

std::string type_phrase(std::string_view type) {
  if (type == "string") return "a string";
  if (type == "number") return "a number";
  if (type == "integer") return "an integer";
  if (type == "boolean") return "a boolean";
  if (type == "array") return "a list";
  if (type == "object") return "a mapping";
  if (type == "null") return "null";
  return std::string(type);
}

// The phrase after "expected" for a failed keyword at a schema node. The schemas carry
// `x-expected` where the generic wording would be unclear (URLs, booleans, enums).
std::string expected_phrase(const rapidjson::Value* node, std::string_view keyword) {
  if (const auto* x = member(node, "x-expected"); x != nullptr && x->IsString()) {
    return std::string(str(*x));
  }
  std::string base;
  bool numeric = false;
  bool integral = false;
  if (const auto* type = member(node, "type"); type != nullptr) {
    std::vector<std::string_view> types;
    if (type->IsString()) types.push_back(str(*type));
    if (type->IsArray()) {
      for (const auto& t : type->GetArray()) {
        if (t.IsString()) types.push_back(str(t));
      }
    }
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (i > 0) base += " or ";
      base += type_phrase(types[i]);
      numeric = numeric || types[i] == "number" || types[i] == "integer";
      integral = integral || types[i] == "integer";
    }
  }
  const auto number_text = [](const rapidjson::Value& v) { return describe_value(v); };
  if (keyword == "enum") {
    if (const auto* e = member(node, "enum"); e != nullptr && e->IsArray()) {
      std::string out = "one of ";
      bool first = true;
      for (const auto& v : e->GetArray()) {
        if (!first) out += ", ";
        out += describe_value(v);
        first = false;
      }
      return out;
    }
  }
  if (keyword == "minLength") {
    const auto* n = member(node, "minLength");
    if (n != nullptr && n->IsUint() && n->GetUint() == 1) return "a non-empty string";
    if (n != nullptr) return "a string of at least " + number_text(*n) + " characters";
  }
  if (keyword == "maxLength") {
    if (const auto* n = member(node, "maxLength")) {
      return "a string of at most " + number_text(*n) + " characters";
    }
  }
  if (keyword == "minItems") {
    if (const auto* n = member(node, "minItems")) {
      return "a list of at least " + number_text(*n) + " items";
    }
  }
  if (keyword == "minProperties") return "a non-empty mapping";
  if (keyword == "pattern") {
    if (const auto* p = member(node, "pattern"); p != nullptr && p->IsString()) {
      return "a string matching " + quoted(str(*p));
    }
  }
  if (numeric) {
    const std::string noun = integral ? "an integer" : "a number";
    if (keyword == "maximum") {
      if (const auto* mx = member(node, "maximum")) {
        const auto* ex = member(node, "exclusiveMaximum");
        const bool exclusive = ex != nullptr && ex->IsTrue();
        return noun + (exclusive ? " < " : " <= ") + number_text(*mx);
      }
    }
    if (const auto* mn = member(node, "minimum")) {
      const auto* ex = member(node, "exclusiveMinimum");
      const bool exclusive = ex != nullptr && ex->IsTrue();
      return noun + (exclusive ? " > " : " >= ") + number_text(*mn);
    }
  }
  return base.empty() ? "a valid value" : base;
}

std::vector<std::string> property_names(const rapidjson::Value* node) {
  std::vector<std::string> names;
  if (const auto* props = member(node, "properties"); props != nullptr && props->IsObject()) {
    for (const auto& m : props->GetObject()) names.emplace_back(str(m.name));
  }
  return names;
}

struct Located {
  std::string path;                         ///< rendered key path of the value
  std::string parent_path;                  ///< rendered key path of its container
  std::string last_key;                     ///< last token when it named a mapping key
  const rapidjson::Value* value = nullptr;  ///< nullptr when the pointer left the document
};

Located locate(const rapidjson::Value& doc, const rapidjson::Pointer& pointer,
               const PathRoot& root) {
  Located loc;
  loc.path = root.prefix;
  loc.value = &doc;
  const rapidjson::Pointer::Token* tokens = pointer.GetTokens();
  for (std::size_t i = 0; i < pointer.GetTokenCount(); ++i) {
    const auto& token = tokens[i];
    const std::string_view name(token.name, token.length);
    loc.parent_path = loc.path;
    loc.last_key.clear();
    const rapidjson::Value* current = loc.value;
    if (current != nullptr && current->IsArray() &&
        token.index != rapidjson::kPointerInvalidIndex) {
      loc.path = join_index(loc.path, token.index);
      loc.value = token.index < current->Size() ? &(*current)[token.index] : nullptr;
    } else {
      loc.path = join_key(loc.path, name);
      loc.last_key = std::string(name);
      loc.value = nullptr;
      if (current != nullptr && current->IsObject()) {
        for (const auto& m : current->GetObject()) {
          if (str(m.name) == name) {
            loc.value = &m.value;
            break;
          }
        }
      }
    }
  }
  return loc;
}

bool has_key(const rapidjson::Value* object, std::string_view key) {
  if (object == nullptr || !object->IsObject()) return false;
  for (const auto& m : object->GetObject()) {
    if (str(m.name) == key) return true;
  }
  return false;
}

}  // namespace

Status validate_against_schema(const rapidjson::Value& doc, std::string_view schema_text,
                               const PathRoot& root) {
  rapidjson::Document schema_json;
  schema_json.Parse(schema_text.data(), schema_text.size());
  if (schema_json.HasParseError()) {
    return internal_error(std::string("embedded JSON schema does not parse: ") +
                          rapidjson::GetParseError_En(schema_json.GetParseError()));
  }
  const rapidjson::SchemaDocument schema(schema_json);
  rapidjson::SchemaValidator validator(schema);
  if (doc.Accept(validator)) return {};

  const std::string_view keyword = validator.GetInvalidSchemaKeyword() != nullptr
                                       ? std::string_view(validator.GetInvalidSchemaKeyword())
                                       : std::string_view();
  const rapidjson::Value* node = validator.GetInvalidSchemaPointer().Get(schema_json);
  const Located loc = locate(doc, validator.GetInvalidDocumentPointer(), root);

  if (keyword == "additionalProperties" && !loc.last_key.empty()) {
    return error_at(root, loc.parent_path, unknown_key_message(loc.last_key, property_names(node)));
  }
  if (keyword == "required") {
    if (const auto* req = member(node, "required"); req != nullptr && req->IsArray()) {
      for (const auto& r : req->GetArray()) {
        if (r.IsString() && !has_key(loc.value, str(r))) {
          return error_at(root, loc.path, "missing required key " + quoted(str(r)));
        }
      }
    }
  }
  if (keyword == "dependencies") {
    if (const auto* deps = member(node, "dependencies"); deps != nullptr && deps->IsObject()) {
      for (const auto& d : deps->GetObject()) {
        if (!has_key(loc.value, str(d.name)) || !d.value.IsArray()) continue;
        for (const auto& needed : d.value.GetArray()) {
          if (needed.IsString() && !has_key(loc.value, str(needed))) {
            return error_at(root, loc.path,
                            quoted(str(d.name)) + " is set without " + quoted(str(needed)));
          }
        }
      }
    }
  }
  // A secret's value never reaches a message (nor a log): only its kind does.
  const std::string got = loc.value == nullptr ? "nothing" : describe_at(loc.path, *loc.value);
  return error_at(root, loc.path, "expected " + expected_phrase(node, keyword) + ", got " + got);
}

}  // namespace kcheck::config
