// Hosts that take C strings (the Datadog Agent's char* callbacks, collectd's fixed-size fields
// and printf-style log) end a text at its first NUL byte. A NUL is valid inside a label value,
// so two series whose values differ only after one would merge there, and a message would lose
// its tail. Every text for such a host goes through here first: each NUL byte becomes U+FFFD
// (EF BF BD), the Unicode replacement character, which keeps the text UTF-8 and says that
// something was replaced.
#pragma once

#include <string>
#include <string_view>

namespace kcheck::adapters {

/// U+FFFD REPLACEMENT CHARACTER, in UTF-8: what a NUL byte becomes.
inline constexpr std::string_view kNulReplacement = "\xEF\xBF\xBD";

/// Appends `text` to `out`, each NUL byte replaced by kNulReplacement.
inline void append_nul_free(std::string& out, std::string_view text) {
  for (std::size_t nul = text.find('\0'); nul != std::string_view::npos; nul = text.find('\0')) {
    out.append(text.substr(0, nul));
    out.append(kNulReplacement);
    text.remove_prefix(nul + 1);
  }
  out.append(text);
}

/// `text` itself when it holds no NUL byte (the common case: no copy); else a copy in
/// `scratch` with each NUL replaced, valid until `scratch` changes.
inline std::string_view nul_free(std::string_view text, std::string& scratch) {
  if (text.find('\0') == std::string_view::npos) return text;
  scratch.clear();
  append_nul_free(scratch, text);
  return scratch;
}

}  // namespace kcheck::adapters
