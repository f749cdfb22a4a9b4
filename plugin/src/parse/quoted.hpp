// Quoted strings of the exposition: label values, and the quoted UTF-8 names of Prometheus 3
// (`{"my.metric","label.name"="v"}`, `# TYPE "my.metric" gauge`), which take the same
// escapes as label values. Scanning is shared here so that both kinds, and both lexers that
// read names (sample_lexer.cpp, meta_lexer.cpp), end a quoted string at the same byte.
#pragma once

#include <string>
#include <string_view>

#include "escape.hpp"
#include "scan.hpp"

namespace kcheck::parse {

/// The run of a quoted string from its first byte (after the opening '"').
struct QuotedRun {
  const char* stop;  ///< the closing '"'; when !closed, the byte where the string broke off
  bool closed;
  bool escaped;    ///< holds a backslash sequence
  bool non_ascii;  ///< holds a byte >= 0x80 (to be validated as UTF-8)
};

/// Scans a quoted string starting at `p` up to its closing '"'; a newline or `end` before it
/// breaks it off (a backslash before the newline too: an escape never spans lines).
inline QuotedRun scan_quoted(const char* p, const char* end) noexcept {
  QuotedRun run{p, false, false, false};
  const char* q = find_value_stop(p, end);
  for (;;) {
    if (q >= end || *q == '\n') {
      run.stop = q;
      return run;
    }
    if (*q == '"') break;
    if (*q == '\\') {
      if (q + 1 >= end || q[1] == '\n') {
        run.stop = q + 1;
        return run;
      }
      run.escaped = true;
      q += 2;
    } else {
      run.non_ascii = true;
      ++q;
    }
    q = find_value_stop(q, end);
  }
  run.stop = q;
  run.closed = true;
  return run;
}

/// A quoted name whose opening '"' is at `open`: its raw text, or what is wrong with it.
struct QuotedName {
  std::string_view raw;         ///< between the quotes, escapes unresolved
  const char* next = nullptr;   ///< past the closing '"'; on error, where the error is
  const char* error = nullptr;  ///< nullptr, or what was expected there
  bool escaped = false;
};

/// Reads the quoted name at `open` ('"'). A name may hold any UTF-8 but may not be empty.
inline QuotedName scan_quoted_name(const char* open, const char* end) noexcept {
  QuotedName name;
  const QuotedRun run = scan_quoted(open + 1, end);
  name.raw = std::string_view(open + 1, static_cast<std::size_t>(run.stop - (open + 1)));
  name.escaped = run.escaped;
  if (!run.closed) {
    name.next = run.stop;
    name.error = "expected '\"' to close quoted name";
  } else if (name.raw.empty()) {
    name.next = open;
    name.error = "expected a non-empty quoted name";
  } else if (run.non_ascii && !is_valid_utf8(name.raw)) {
    name.next = open + 1;
    name.error = "expected valid UTF-8 in quoted name";
  } else {
    name.next = run.stop + 1;
  }
  return name;
}

/// The name of a well-formed QuotedName: its raw text when it had no escape, else the text
/// unescaped into `*buf` (replacing what it held).
inline std::string_view resolve_quoted_name(const QuotedName& name, std::string* buf) {
  if (!name.escaped) return name.raw;
  buf->clear();
  append_unescaped(name.raw, /*quote=*/true, buf);
  return *buf;
}

}  // namespace kcheck::parse
