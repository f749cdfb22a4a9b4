#include "logs/message_fields.hpp"

#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

/// Past `Error #N: ` at `pos` (Lura's per-backend error numbering), or `pos`.
std::size_t skip_error_number(std::string_view s, std::size_t pos) noexcept {
  if (!has_at(s, pos, "Error #")) return pos;
  std::size_t p = pos + 7;
  while (p < s.size() && is_digit(s[p])) ++p;
  return p > pos + 7 && has_at(s, p, ": ") ? p + 2 : pos;
}

bool contains(std::string_view s, std::string_view what) noexcept {
  return s.find(what) != std::string_view::npos;
}

}  // namespace

std::string_view component_value_key(std::string_view component) noexcept {
  if (component == "ENDPOINT") return "endpoint";
  if (component == "BACKEND") return "backend";
  if (component == "SERVICE") return "service";
  if (component == "PLUGIN") return "plugin";
  return {};
}

ErrorKind classify_error(std::string_view text) noexcept {
  if (contains(text, "context deadline exceeded") || contains(text, "imeout")) {
    return ErrorKind::kTimeout;  // also net/http's "Client.Timeout exceeded", "i/o timeout"
  }
  if (contains(text, "context canceled")) return ErrorKind::kCanceled;
  if (contains(text, "nvalid status code")) return ErrorKind::kInvalidStatus;  // 1.x: "Invalid"
  if (contains(text, "circuit breaker is open")) return ErrorKind::kCircuitOpen;
  return ErrorKind::kOther;
}

void read_message_fields(Record& rec) noexcept {
  const std::string_view m = rec.message;
  std::size_t pos = 0;
  if (!m.empty() && m.front() == '[') {
    std::size_t p = 1;
    while (p < m.size() && p < 33 && (is_upper(m[p]) || is_digit(m[p]) || m[p] == '_')) ++p;
    if (p > 1 && p < m.size()) {
      if (m[p] == ']') {
        rec.component = m.substr(1, p - 1);
        pos = p + 1;
      } else if (has_at(m, p, ": ")) {
        const std::size_t close = m.find(']', p + 2);
        if (close != std::string_view::npos) {
          rec.component = m.substr(1, p - 1);
          rec.component_value = m.substr(p + 2, close - p - 2);
          pos = close + 1;
        }
      }
    }
    // `[SERVICE: AsyncAgent][name]`: the agent's name is part of the tag.
    if (pos > 0 && pos < m.size() && m[pos] == '[') {
      const std::size_t close = m.find(']', pos);
      if (close != std::string_view::npos) pos = close + 1;
    }
  }
  if (rec.status < Severity::kError) return;
  const std::string_view error = m.substr(skip_error_number(m, skip_spaces(m, pos)));
  if (error.empty()) return;
  rec.error_message = error;
  rec.error_kind = classify_error(error);
}

}  // namespace kcheck::logs
