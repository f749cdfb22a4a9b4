// Regular expressions in the configuration (exclude_metrics, extra_metrics, raw_line_filters,
// exclude_metrics_by_labels): which entries are regexes, and the one way every one of them is
// compiled and matched (RE2). The loader refuses a pattern with Regex::compile's message; the
// map layer compiles the same patterns again with it, so both see the same rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "kcheck/status.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace kcheck::config {

/// Longest regular expression accepted, in bytes. RE2 itself is bounded by
/// kMaxRegexMemory; the cap keeps error messages and the compile work of one entry small.
inline constexpr std::size_t kMaxRegexLength = 1024;

/// Memory one compiled expression may use: RE2's programs and its DFA caches (a DFA that
/// fills its share is flushed, then RE2 falls back to its NFA, still linear in the subject).
inline constexpr std::int64_t kMaxRegexMemory = std::int64_t{8} << 20;

/// True when a metric-name entry is a regular expression rather than an exact name: it holds
/// a character Python's re.escape would escape (Datadog's rule), i.e. one of
/// ()[]{}?*+-|^$\.&~# or whitespace.
bool looks_like_regex(std::string_view entry) noexcept;

/// A user pattern compiled by RE2: UTF-8, Python-compatible syntax without lookaround or
/// backreferences, so a match takes time linear in the subject, bounded memory and no
/// recursion (std::regex recursed once per subject byte and overflowed the host's stack).
class Regex {
 public:
  /// Compiles `pattern`. Fails with kInvalidArgument and the message
  /// `invalid regular expression "<pattern>": <reason>`, e.g. the reason
  /// `lookahead (?=…) is not supported (RE2 syntax)`.
  static Result<Regex> compile(std::string_view pattern);

  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  ~Regex();

  /// True when `text` contains a match (Python's re.search). Reads `text` in place.
  bool search(std::string_view text) const noexcept;

 private:
  explicit Regex(std::unique_ptr<const re2::RE2> re) noexcept;

  std::unique_ptr<const re2::RE2> re_;
};

}  // namespace kcheck::config
