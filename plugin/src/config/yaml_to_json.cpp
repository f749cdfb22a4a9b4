#include "config/yaml_to_json.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "config/text_checks.hpp"
#include "config/yaml_documents.hpp"

namespace kcheck::config {
namespace {

constexpr std::string_view kTagStr = "tag:yaml.org,2002:str";
constexpr std::string_view kTagInt = "tag:yaml.org,2002:int";
constexpr std::string_view kTagFloat = "tag:yaml.org,2002:float";
constexpr std::string_view kTagBool = "tag:yaml.org,2002:bool";
constexpr std::string_view kTagNull = "tag:yaml.org,2002:null";
constexpr std::string_view kTagMap = "tag:yaml.org,2002:map";
constexpr std::string_view kTagSeq = "tag:yaml.org,2002:seq";

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool all_of(std::string_view s, bool (*pred)(char)) noexcept {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool is_octal(char c) noexcept {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view without_sign(std::string_view s, bool& negative) noexcept {
  negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  return s;
}

// YAML 1.2 core schema float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
// plus .inf / .nan spellings. std::from_chars wants no '+' and digits around the point.
std::optional<double> parse_core_float(std::string_view s) {
  bool negative = false;
  const std::string_view body = without_sign(s, negative);
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  std::string norm = negative ? "-" : "";
  std::size_t i = 0;
  std::size_t int_digits = 0;
  while (i < body.size() && is_digit(body[i])) ++i, ++int_digits;
  norm.append(body.substr(0, i));
  if (int_digits == 0) norm += '0';
  std::size_t frac_digits = 0;
  if (i < body.size() && body[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < body.size() && is_digit(body[i])) ++i, ++frac_digits;
    norm += '.';
    norm.append(body.substr(start, frac_digits));
    if (frac_digits == 0) norm += '0';
    if (int_digits == 0 && frac_digits == 0) return std::nullopt;
  } else if (int_digits == 0) {
    return std::nullopt;
  }
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    norm += 'e';
    ++i;
    if (i < body.size() && (body[i] == '-' || body[i] == '+')) {
      if (body[i] == '-') norm += '-';
      ++i;
    }
    const std::size_t start = i;
    while (i < body.size() && is_digit(body[i])) ++i;
    if (i == start) return std::nullopt;
    norm.append(body.substr(start, i - start));
  }
  if (i != body.size()) return std::nullopt;
  double d = 0;
  const auto res = std::from_chars(norm.data(), norm.data() + norm.size(), d);
  if (res.ec == std::errc::result_out_of_range) {
    // Overflow gives infinity, underflow zero, as YAML loaders do.
    const bool tiny = norm.find("e-") != std::string::npos;
    if (tiny) return negative ? -0.0 : 0.0;
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (res.ec != std::errc() || res.ptr != norm.data() + norm.size()) return std::nullopt;
  return d;
}

// Sets `out` to the integer `s` in core-schema syntax; false when `s` is not one.
bool parse_core_int(std::string_view s, rapidjson::Value& out) {
  int base = 10;
  std::string_view digits = s;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_of(s.substr(2), is_octal)) {
    base = 8;
    digits = s.substr(2);
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of(s.substr(2), is_hex)) {
    base = 16;
    digits = s.substr(2);
  } else {
    bool negative = false;
    const std::string_view body = without_sign(s, negative);
    if (!all_of(body, is_digit)) return false;
    std::int64_t v = 0;
    std::string text = negative ? "-" : "";
    text.append(body);
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec == std::errc() && res.ptr == text.data() + text.size()) {
      out.SetInt64(v);
      return true;
    }
    if (!negative) {
      std::uint64_t u = 0;
      const auto ures = std::from_chars(body.data(), body.data() + body.size(), u);
      if (ures.ec == std::errc() && ures.ptr == body.data() + body.size()) {
        out.SetUint64(u);
        return true;
      }
    }
    // Beyond 64 bits: keep the magnitude as a double, as YAML loaders for JSON do.
    const std::optional<double> d = parse_core_float(s);
    if (!d) return false;
    out.SetDouble(*d);
    return true;
  }
  std::uint64_t u = 0;
  const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
  if (res.ec != std::errc() || res.ptr != digits.data() + digits.size()) return false;
  out.SetUint64(u);
  return true;
}

std::optional<bool> parse_core_bool(std::string_view s) noexcept {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

bool is_core_null(std::string_view s) noexcept {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// "tag:yaml.org,2002:int" as users write it: "!!int".
std::string tag_text(const std::string& tag) {
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  if (tag.rfind(kCore, 0) == 0) return "!!" + tag.substr(kCore.size());
  return tag;
}

std::string at_mark(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return " at line " + std::to_string(mark.line + 1) + " col " + std::to_string(mark.column + 1);
}

class Converter {
 public:
  Converter(const PathRoot& root, rapidjson::Document::AllocatorType& alloc)
      : root_(root), alloc_(alloc) {}

  Status convert(const YAML::Node& node, const std::string& path, int depth,
                 rapidjson::Value& out) {
    if (++count_ > kMaxValueCount) {
      return error_at(
          root_, "",
          "more than " + std::to_string(kMaxValueCount) + " values after expanding aliases");
    }
    if (depth > kMaxNestingDepth) {
      return error_at(root_, path,
                      "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    const std::string& tag = node.Tag();
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        if (tag == kTagStr) {
          out.SetString("", 0, alloc_);
        } else {
          out.SetNull();
        }
        return {};
      case YAML::NodeType::Scalar:
        return convert_scalar(node, path, out);
      case YAML::NodeType::Sequence: {
        if (!tag.empty() && tag != "?" && tag != "!" && tag != kTagSeq) {
          return unsupported_tag(node, path);
        }
        out.SetArray();
        std::size_t index = 0;
        for (const YAML::Node& child : node) {
          rapidjson::Value v;
          if (Status s = convert(child, join_index(path, index), depth + 1, v); !s.ok()) {
            return s;
          }
          out.PushBack(v, alloc_);
          ++index;
        }
        return {};
      }
      case YAML::NodeType::Map: {
        if (!tag.empty() && tag != "?" && tag != "!" && tag != kTagMap) {
          return unsupported_tag(node, path);
        }
        return convert_map(node, path, depth, out);
      }
    }
    return internal_error("unknown YAML node type");
  }

 private:
  Status unsupported_tag(const YAML::Node& node, const std::string& path) const {
    return error_at(root_, path,
                    "unsupported YAML tag " + quoted(tag_text(node.Tag())) + at_mark(node.Mark()));
  }

  Status convert_scalar(const YAML::Node& node, const std::string& path, rapidjson::Value& out) {
    const std::string& text = node.Scalar();
    const std::string& tag = node.Tag();
    if (tag == "!" || tag == kTagStr) return set_string(text, path, node, out);
    if (tag == "?" || tag.empty()) {
      if (const auto b = parse_core_bool(text)) {
        out.SetBool(*b);
        return {};
      }
      if (is_core_null(text)) {
        out.SetNull();
        return {};
      }
      if (parse_core_int(text, out)) return {};
      if (const auto d = parse_core_float(text)) {
        out.SetDouble(*d);
        return {};
      }
      return set_string(text, path, node, out);
    }
    if (tag == kTagBool) {
      if (const auto b = parse_core_bool(text)) {
        out.SetBool(*b);
        return {};
      }
    } else if (tag == kTagNull) {
      if (is_core_null(text)) {
        out.SetNull();
        return {};
      }
    } else if (tag == kTagInt) {
      if (parse_core_int(text, out)) return {};
    } else if (tag == kTagFloat) {
      if (const auto d = parse_core_float(text)) {
        out.SetDouble(*d);
        return {};
      }
      if (parse_core_int(text, out)) {
        out.SetDouble(out.GetDouble());
        return {};
      }
    } else {
      return unsupported_tag(node, path);
    }
    // A secret's text never reaches a message (nor a log): the key path and the mark say where.
    return error_at(root_, path,
                    scalar_at(path, text) + " is not a valid " + tag_text(tag) + " value" +
                        at_mark(node.Mark()));
  }

  Status set_string(const std::string& text, const std::string& path, const YAML::Node& node,
                    rapidjson::Value& out) {
    // Escapes such as "\0" or "\udc00" can put what the raw-text check rejected back in.
    if (text.find('\0') != std::string::npos) {
      return error_at(root_, path,
                      "strings must not contain NUL characters" + at_mark(node.Mark()));
    }
    if (find_invalid_utf8(text) != std::string_view::npos) {
      return error_at(root_, path, "string is not valid UTF-8" + at_mark(node.Mark()));
    }
    out.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()), alloc_);
    return {};
  }

  Status convert_map(const YAML::Node& node, const std::string& path, int depth,
                     rapidjson::Value& out) {
    out.SetObject();
    std::vector<YAML::Node> merges;
    std::unordered_set<std::string> seen;  // HasMember is linear: keep big mappings O(n)
    for (const auto& kv : node) {
      const YAML::Node& key = kv.first;
      if (!key.IsScalar()) {
        const std::string kind = key.IsSequence() ? "a list" : key.IsMap() ? "a mapping" : "null";
        return error_at(root_, path, "keys must be strings, got " + kind + at_mark(key.Mark()));
      }
      const std::string& name = key.Scalar();
      // YAML 1.1 merge key (`<<: *defaults`), which Datadog's loader honours too.
      if (name == "<<" && (key.Tag() == "?" || key.Tag().empty())) {
        merges.push_back(kv.second);
        continue;
      }
      rapidjson::Value key_value;
      if (Status s = set_string(name, path, key, key_value); !s.ok()) return s;
      if (!seen.insert(name).second) {
        return error_at(root_, path, "duplicate key " + quoted(name) + at_mark(key.Mark()));
      }
      rapidjson::Value v;
      if (Status s = convert(kv.second, join_key(path, name), depth + 1, v); !s.ok()) return s;
      out.AddMember(key_value, v, alloc_);
    }
    // Explicit keys win over merged ones; earlier merge sources win over later ones.
    const std::string merge_path = join_key(path, "<<");
    for (const YAML::Node& source : merges) {
      std::vector<YAML::Node> maps;
      if (source.IsMap()) {
        maps.push_back(source);
      } else if (source.IsSequence()) {
        for (const YAML::Node& item : source) maps.push_back(item);
      }
      for (const YAML::Node& m : maps) {
        if (!m.IsMap()) {
          return error_at(root_, merge_path,
                          "a merge key needs a mapping or a list of mappings" + at_mark(m.Mark()));
        }
        rapidjson::Value merged;
        if (Status s = convert(m, merge_path, depth + 1, merged); !s.ok()) return s;
        // Indexes, not iterators: RapidJSON 1.1's iterator operators are ambiguous in C++20.
        for (rapidjson::SizeType k = 0; k < merged.MemberCount(); ++k) {
          auto& member = *(merged.MemberBegin() + k);
          std::string merged_name(member.name.GetString(), member.name.GetStringLength());
          if (seen.insert(std::move(merged_name)).second) {
            out.AddMember(member.name, member.value, alloc_);
          }
        }
      }
      if (maps.empty()) {
        return error_at(
            root_, merge_path,
            "a merge key needs a mapping or a list of mappings" + at_mark(source.Mark()));
      }
    }
    return {};
  }

  const PathRoot& root_;
  rapidjson::Document::AllocatorType& alloc_;
  int count_ = 0;
};

}  // namespace

Status yaml_to_json(std::string_view text, const PathRoot& root, rapidjson::Document& out) {
  out.SetNull();
  if (const std::string problem = text_problem(text); !problem.empty()) {
    return error_at(root, "", problem);
  }
  if (is_blank_yaml(text)) return {};
  // More documents than this are not worth counting: one is expected.
  constexpr int kMaxDocuments = 16;
  YAML::Node doc;
  try {
    const std::string owned(text);
    // Count first, build second: YAML::LoadAll never returns on some inputs (see
    // yaml_documents.hpp), and only one document is wanted anyway.
    const DocumentScan scan = scan_documents(owned, kMaxDocuments);
    if (scan.stuck) {
      const std::size_t pos = static_cast<std::size_t>(scan.stuck->pos);
      const std::string what =
          pos < owned.size() ? "unexpected '" + std::string(1, owned[pos]) + "'" : "unexpected end";
      return error_at(root, "", "invalid YAML" + at_mark(*scan.stuck) + ": " + what);
    }
    if (scan.count == 0) return {};
    if (scan.count > 1) {
      return error_at(root, "",
                      "expected one YAML document, got " +
                          (scan.count == kMaxDocuments ? std::to_string(kMaxDocuments) + " or more"
                                                       : std::to_string(scan.count)) +
                          " (separated by ---)");
    }
    doc = YAML::Load(owned);
  } catch (const YAML::DeepRecursion& e) {
    return error_at(root, "", "invalid YAML" + at_mark(e.mark) + ": nesting is too deep");
  } catch (const YAML::ParserException& e) {
    return error_at(root, "", "invalid YAML" + at_mark(e.mark) + ": " + e.msg);
  } catch (const YAML::Exception& e) {
    return error_at(root, "", std::string("invalid YAML: ") + e.msg);
  } catch (const std::bad_alloc&) {
    return resource_exhausted(root.label + ": out of memory while parsing YAML");
  } catch (const std::exception& e) {
    return internal_error(root.label + ": YAML parser failed: " + e.what());
  }
  try {
    Converter converter(root, out.GetAllocator());
    rapidjson::Value value;
    if (Status s = converter.convert(doc, root.prefix, 0, value); !s.ok()) return s;
    static_cast<rapidjson::Value&>(out).Swap(value);
  } catch (const YAML::Exception& e) {
    return error_at(root, "", std::string("invalid YAML: ") + e.msg);
  } catch (const std::bad_alloc&) {
    return resource_exhausted(root.label + ": out of memory while reading YAML");
  }
  return {};
}

}  // namespace kcheck::config
