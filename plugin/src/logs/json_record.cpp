#include "logs/json_record.hpp"

#include <charconv>

#include "logs/civil_time.hpp"
#include "logs/message_fields.hpp"

namespace kcheck::logs {
namespace {

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

/// `,"key":"text"` (the comma only after the object's first member).
void member(std::string& out, bool& first, std::string_view key, std::string_view text) {
  if (!first) out += ',';
  first = false;
  out += '"';
  out += key;
  out += "\":";
  append_json_text(out, text);
}

void append_krakend(std::string& out, const Record& rec) {
  out += ",\"krakend\":{";
  bool first = true;
  member(out, first, "format", format_name(rec.format));
  if (!rec.component.empty()) {
    member(out, first, "component", rec.component);
    const std::string_view key = component_value_key(rec.component);
    if (!key.empty() && !rec.component_value.empty()) member(out, first, key, rec.component_value);
  }
  if (rec.error_count > 0) {
    out += ",\"errors\":[";
    for (std::size_t i = 0; i < rec.listed_errors(); ++i) {
      if (i > 0) out += ',';
      append_json_text(out, rec.errors[i]);
    }
    out += ']';
    if (rec.error_count > rec.listed_errors()) {
      out += ",\"error_count\":";
      append_int(out, static_cast<std::int64_t>(rec.error_count));
    }
  }
  if (rec.truncated) out += ",\"truncated\":true";
  out += '}';
}

void append_access(std::string& out, const Record& rec) {
  if (rec.http_status != 0 || !rec.http_method.empty() || !rec.http_url.empty()) {
    out += ",\"http\":{";
    bool first = true;
    if (rec.http_status != 0) {
      out += "\"status_code\":";
      append_int(out, rec.http_status);
      first = false;
    }
    if (!rec.http_method.empty()) member(out, first, "method", rec.http_method);
    if (!rec.http_url.empty()) member(out, first, "url", rec.http_url);
    out += '}';
  }
  if (!rec.client_ip.empty()) {
    out += ",\"network\":{\"client\":{\"ip\":";
    append_json_text(out, rec.client_ip);
    out += "}}";
  }
  if (rec.duration_ns >= 0) {
    out += ",\"duration\":";
    append_int(out, rec.duration_ns);
  }
}

void append_error(std::string& out, const Record& rec) {
  if (rec.error_message.empty() && rec.error_kind == ErrorKind::kNone && rec.error_stack.empty()) {
    return;
  }
  out += ",\"error\":{";
  bool first = true;
  if (!rec.error_message.empty()) member(out, first, "message", rec.error_message);
  if (rec.error_kind != ErrorKind::kNone)
    member(out, first, "kind", error_kind_name(rec.error_kind));
  if (!rec.error_stack.empty()) member(out, first, "stack", rec.error_stack);
  out += '}';
}

}  // namespace

void append_record_json(std::string& out, const Record& rec) {
  char stamp[kRfc3339MsSize];
  format_rfc3339_ms(rec.timestamp_ms, stamp);
  out += "{\"timestamp\":\"";
  out.append(stamp, sizeof stamp);
  out += "\",\"status\":\"";
  out += severity_name(rec.status);
  out += "\",\"message\":";
  append_json_text(out, rec.message);
  out += ",\"logger\":{\"name\":\"";
  out += logger_name(rec.logger);
  out += "\"}";
  append_krakend(out, rec);
  append_access(out, rec);
  append_error(out, rec);
  out += '}';
}

}  // namespace kcheck::logs
