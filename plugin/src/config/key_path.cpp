#include "config/key_path.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/userinfo.hpp"

namespace kcheck::config {
namespace {

constexpr std::size_t kMaxQuotedBytes = 80;

bool is_plain_identifier(std::string_view key) noexcept {
  if (key.empty()) return false;
  for (const char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string join_key(std::string_view parent, std::string_view key) {
  std::string out(parent);
  if (is_plain_identifier(key)) {
    if (!out.empty()) out += '.';
    out += key;
  } else {
    out += '[';
    out += quoted(key);
    out += ']';
  }
  return out;
}

std::string join_index(std::string_view parent, std::size_t index) {
  std::string out(parent);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

Status error_at(const PathRoot& root, std::string_view path, std::string_view what) {
  std::string message(path.empty() ? std::string_view(root.label) : path);
  message += ": ";
  message += what;
  return invalid_argument(std::move(message));
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string quoted(std::string_view text) {
  bool cut = false;
  if (text.size() > kMaxQuotedBytes) {
    std::size_t end = kMaxQuotedBytes;
    // Back up to the start of a code point so the excerpt stays valid UTF-8.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string out;
  append_json_string(out, text);
  if (cut) out += "...";
  return out;
}

std::string format_number(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  std::array<char, 64> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d);
  std::string out(buf.data(), res.ptr);
  // Keep "1.0" distinguishable from the integer 1 in messages such as "expected a boolean".
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

std::string describe_value(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
      return "false";
    case rapidjson::kTrueType:
      return "true";
    case rapidjson::kObjectType:
      return "a mapping";
    case rapidjson::kArrayType:
      return "a list";
    case rapidjson::kStringType:
      return quoted(std::string_view(value.GetString(), value.GetStringLength()));
    case rapidjson::kNumberType:
      if (value.IsInt64()) return std::to_string(value.GetInt64());
      if (value.IsUint64()) return std::to_string(value.GetUint64());
      return format_number(value.GetDouble());
  }
  return "a value";
}

std::string describe_kind(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "a boolean";
    case rapidjson::kObjectType:
      return "a mapping";
    case rapidjson::kArrayType:
      return "a list";
    case rapidjson::kStringType:
      return "a string";
    case rapidjson::kNumberType:
      return "a number";
  }
  return "a value";
}

bool is_secret_path(std::string_view path) noexcept {
  // Anything at or under these keys: every header value may be a credential, a password may
  // be given as a list by mistake, and auth_token's writer.value is where a token pasted in
  // place of "Bearer <TOKEN>" lands. A key may also start the path (conf.yaml's top level,
  // where a badly indented option ends up).
  for (std::string_view key : {std::string_view("password"), std::string_view("auth_token"),
                               std::string_view("headers"), std::string_view("extra_headers")}) {
    for (std::size_t at = path.find(key); at != std::string_view::npos;
         at = path.find(key, at + 1)) {
      const std::size_t end = at + key.size();
      const bool starts = at == 0 || path[at - 1] == '.';
      const bool ends = end == path.size() || path[end] == '.' || path[end] == '[';
      if (starts && ends) return true;
    }
  }
  return false;
}

std::string describe_at(std::string_view path, const rapidjson::Value& value) {
  if (is_secret_path(path)) return describe_kind(value);
  if (value.IsString()) {
    return quoted(without_userinfo(std::string_view(value.GetString(), value.GetStringLength())));
  }
  return describe_value(value);
}

std::string scalar_at(std::string_view path, std::string_view text) {
  if (is_secret_path(path)) return "the value";
  return quoted(without_userinfo(text));
}

}  // namespace kcheck::config
