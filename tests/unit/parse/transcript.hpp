// Test helper: runs the parser to the end and renders every event as one line, so that a
// table row can state the whole expected outcome of an input as text.
#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "kcheck/parse.hpp"

namespace kcheck::test {

/// One table row of the parser tests: an input and its whole expected transcript().
struct TranscriptCase {
  const char* what;
  std::string input;
  std::string expected;
};

inline std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

inline std::string labels_text(std::span<const Label> labels) {
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ',';
    out.append(labels[i].name).append("=\"").append(labels[i].value).append("\"");
  }
  return out + "}";
}

/// "family NAME TYPE [help=...] [unit=...]" / "sample NAME SUFFIX {labels} VALUE [@TS] [# ex]"
/// lines, then "end" or "error: <to_string>".
inline std::string transcript(std::string_view input, Format format) {
  Parser parser(input, format);
  std::string out;
  for (;;) {
    switch (parser.next()) {
      case Event::kFamily: {
        const Family& f = parser.family();
        out.append("family ").append(f.name).append(" ").append(metric_type_name(f.type));
        if (f.has_help) out.append(" help=").append(f.help);
        if (!f.unit.empty()) out.append(" unit=").append(f.unit);
        out += '\n';
        break;
      }
      case Event::kSample: {
        const Sample& s = parser.sample();
        out.append("sample ").append(s.name).append(" ").append(s.suffix.empty() ? "-" : s.suffix);
        out.append(" ").append(labels_text(s.labels)).append(" ").append(number_text(s.value));
        if (s.has_timestamp) out.append(" @").append(number_text(s.timestamp));
        if (s.exemplar != nullptr) {
          out.append(" # ").append(labels_text(s.exemplar->labels));
          out.append(" ").append(number_text(s.exemplar->value));
          if (s.exemplar->has_timestamp)
            out.append(" @").append(number_text(s.exemplar->timestamp));
        }
        out += '\n';
        break;
      }
      case Event::kEnd:
        return out + "end";
      case Event::kError:
        return out + "error: " + parser.error().to_string(input);
    }
  }
}

/// Only the final line of transcript(): "end" or "error: ...".
inline std::string outcome(std::string_view input, Format format) {
  const std::string t = transcript(input, format);
  const std::size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

}  // namespace kcheck::test
