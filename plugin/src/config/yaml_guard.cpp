#include "config/yaml_guard.hpp"

#include <cstddef>

#include "config/text_checks.hpp"

namespace kcheck::config {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool at_line_start(std::string_view t, std::size_t i) noexcept { return i == 0 || t[i - 1] == '\n'; }

std::size_t end_of_line(std::string_view t, std::size_t i) noexcept {
  const std::size_t nl = t.find('\n', i);
  return nl == npos ? t.size() : nl;
}

// A "---" or "..." marker line at column 0.
bool is_marker(std::string_view t, std::size_t i, char c) noexcept {
  return at_line_start(t, i) && t.substr(i, 3) == std::string(3, c) &&
         (i + 3 == t.size() || is_blank(t[i + 3]));
}

// Skips white space, comments, directives and document markers; npos at the end. With
// `stop_at_marker`, stops on a "---" / "..." line instead of skipping it.
std::size_t skip_filler(std::string_view t, std::size_t i, bool stop_at_marker) noexcept {
  while (i < t.size()) {
    const char c = t[i];
    if (is_blank(c)) {
      ++i;
    } else if (c == '#' && (i == 0 || is_blank(t[i - 1]))) {
      i = end_of_line(t, i);
    } else if (c == '%' && at_line_start(t, i)) {
      i = end_of_line(t, i);
    } else if (is_marker(t, i, '-') || is_marker(t, i, '.')) {
      if (stop_at_marker) return i;
      i += 3;
    } else {
      return i;
    }
  }
  return npos;
}

// End (one past the closing quote) of the quoted scalar starting at i, or npos.
std::size_t end_of_quoted(std::string_view t, std::size_t i) noexcept {
  const char q = t[i];
  for (std::size_t j = i + 1; j < t.size(); ++j) {
    if (q == '"' && t[j] == '\\') {
      ++j;
    } else if (t[j] == q) {
      if (q == '\'' && j + 1 < t.size() && t[j + 1] == '\'') {
        ++j;  // '' is an escaped quote
      } else {
        return j + 1;
      }
    }
  }
  return npos;
}

// End (one past the closing bracket) of the flow collection starting at i, or npos.
std::size_t end_of_flow(std::string_view t, std::size_t i) noexcept {
  int depth = 0;
  bool after_indicator = true;  // a quote opens a scalar only where a node can start
  for (std::size_t j = i; j < t.size(); ++j) {
    const char c = t[j];
    if ((c == '"' || c == '\'') && after_indicator) {
      j = end_of_quoted(t, j);
      if (j == npos) return npos;
      --j;
      after_indicator = false;
      continue;
    }
    if (c == '#' && j > 0 && is_blank(t[j - 1])) {
      j = end_of_line(t, j);
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return j + 1;
    }
    if (!is_blank(c)) after_indicator = c == '{' || c == '[' || c == ',' || c == ':';
  }
  return npos;
}

// Skips node properties (tags "!x", anchors "&x") in front of a root node.
std::size_t skip_properties(std::string_view t, std::size_t i) noexcept {
  while (i < t.size() && (t[i] == '!' || t[i] == '&')) {
    while (i < t.size() && !is_blank(t[i])) ++i;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
  }
  return i;
}

}  // namespace

std::string yaml_cpp_hazard(std::string_view text) {
  std::size_t i = 0;
  while (true) {
    i = skip_filler(text, i, false);
    if (i == npos) return {};
    i = skip_properties(text, i);
    if (i >= text.size()) return {};
    const char c = text[i];
    std::size_t end = npos;
    if (c == '{' || c == '[') {
      end = end_of_flow(text, i);
    } else if (c == '"' || c == '\'') {
      end = end_of_quoted(text, i);
    }
    if (end != npos) {
      const std::size_t next = skip_filler(text, end, true);
      if (next != npos && text[next] == ',') {
        const LineCol lc = line_col(text, next);
        return "invalid YAML at line " + std::to_string(lc.line) + " col " +
               std::to_string(lc.col) + ": ',' after the end of the document's " +
               (c == '{' ? "{...} node" : c == '[' ? "[...] node" : "quoted scalar") +
               " (a document has one root node)";
      }
    }
    // On to the next document, if any: the next "---" line.
    std::size_t m = i;
    while (true) {
      m = text.find("---", m);
      if (m == npos) return {};
      if (is_marker(text, m, '-')) break;
      m += 3;
    }
    i = m + 3;
  }
}

}  // namespace kcheck::config
