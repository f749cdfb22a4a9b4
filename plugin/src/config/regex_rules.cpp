#include "config/regex_rules.hpp"

#include <re2/re2.h>

#include <new>
#include <string>
#include <utility>

#include "config/key_path.hpp"

namespace kcheck::config {
namespace {

constexpr std::string_view kRe2Syntax = " is not supported (RE2 syntax)";

re2::RE2::Options options() {
  re2::RE2::Options o;
  o.set_encoding(re2::RE2::Options::EncodingUTF8);
  o.set_max_mem(kMaxRegexMemory);
  // RE2 would write compile errors and "DFA out of memory" to the host's stderr; errors are
  // returned as values instead, and a DFA out of memory silently falls back to the NFA.
  o.set_log_errors(false);
  // Only whether a pattern matches is asked, never what a group captured.
  o.set_never_capture(true);
  return o;
}

// Where `group` (e.g. "(?<=") first opens in `p` outside escapes and character classes, or
// npos. RE2 reports only the opening it refused ("(?<", "(?P"), not what follows it, which is
// what tells a lookbehind from a named group. Classes are skipped roughly (a leading `]` and
// POSIX classes are not special-cased): this only words the message of a refused pattern.
std::size_t find_group(std::string_view p, std::string_view group) {
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (in_class) {
      in_class = p[i] != ']';
    } else if (p[i] == '[') {
      in_class = true;
    } else if (p.substr(i, group.size()) == group) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string unsupported(std::string_view construct) {
  return std::string(construct) + std::string(kRe2Syntax);
}

// RE2 refuses the groups it does not have (lookaround above all) as a "bad perl operator"
// with the opening it stopped at; name the construct so that the user can act.
std::string bad_group(std::string_view pattern, const std::string& arg) {
  if (arg == "(?=") return unsupported("lookahead (?=…)");
  if (arg == "(?!") return unsupported("negative lookahead (?!…)");
  if (arg == "(?#") return unsupported("comment (?#…)");
  if (arg == "(?>") return unsupported("atomic group (?>…)");
  if (arg == "(?<") {
    // Newer RE2 accepts (?<name>…), so look for the lookbehinds themselves.
    const std::size_t behind = find_group(pattern, "(?<=");
    const std::size_t not_behind = find_group(pattern, "(?<!");
    if (behind < not_behind) return unsupported("lookbehind (?<=…)");
    if (not_behind < behind) return unsupported("negative lookbehind (?<!…)");
    return unsupported("named group (?<name>…)") + "; write (?P<name>…)";
  }
  if (arg == "(?P" && find_group(pattern, "(?P=") != std::string_view::npos) {
    return unsupported("backreference (?P=name)");
  }
  return "unsupported group or flag " + quoted(arg) + " (RE2 syntax: (?:…), (?P<name>…), " +
         "flags i, m, s, U)";
}

std::string bad_escape(const std::string& arg) {
  if (arg.size() == 2 && arg[1] >= '1' && arg[1] <= '9') return unsupported("backreference " + arg);
  if (arg == "\\Z") return unsupported("\\Z") + "; write \\z";
  return "invalid escape " + quoted(arg);
}

// Fixed wording per error code (RE2's own texts are not a stable interface), naming the part
// of the pattern RE2 stopped at.
std::string reason(const re2::RE2& re, std::string_view pattern) {
  const std::string& arg = re.error_arg();
  switch (re.error_code()) {
    case re2::RE2::ErrorBadPerlOp:
      return bad_group(pattern, arg);
    case re2::RE2::ErrorBadEscape:
      return bad_escape(arg);
    case re2::RE2::ErrorBadCharClass:
      return "invalid character class " + quoted(arg);
    case re2::RE2::ErrorBadCharRange:
      // RE2 reports unknown \p{…} and [:…:] names with the same code as a reversed range.
      if (arg.rfind("\\p", 0) == 0 || arg.rfind("\\P", 0) == 0 || arg.rfind("[:", 0) == 0) {
        return "unknown character class " + quoted(arg);
      }
      return "invalid character range " + quoted(arg);
    case re2::RE2::ErrorMissingBracket:
      return "missing ]";
    case re2::RE2::ErrorMissingParen:
      return "missing )";
    case re2::RE2::ErrorUnexpectedParen:
      return "unmatched )";
    case re2::RE2::ErrorTrailingBackslash:
      return "trailing backslash";
    case re2::RE2::ErrorRepeatArgument:
      return quoted(arg) + " has nothing to repeat";
    case re2::RE2::ErrorRepeatSize:
      return "invalid repetition count " + quoted(arg) +
             " (expected {n,m} with n <= m <= 1000; nested counts multiply)";
    case re2::RE2::ErrorRepeatOp:
      return "invalid repetition operator " + quoted(arg);
    case re2::RE2::ErrorBadUTF8:
      return "not valid UTF-8";
    case re2::RE2::ErrorBadNamedCapture:
      return "invalid group name " + quoted(arg);
    case re2::RE2::ErrorPatternTooLarge:
      return "too large (compiled, it needs more than " + std::to_string(kMaxRegexMemory >> 20) +
             " MiB)";
    case re2::RE2::NoError:
    case re2::RE2::ErrorInternal:
      break;
  }
  return "refused by RE2: " + quoted(re.error());
}

Status invalid(std::string_view pattern, std::string_view why) {
  return invalid_argument("invalid regular expression " + quoted(pattern) + ": " +
                          std::string(why));
}

}  // namespace

bool looks_like_regex(std::string_view entry) noexcept {
  constexpr std::string_view kSpecial = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
  return entry.find_first_of(kSpecial) != std::string_view::npos;
}

Result<Regex> Regex::compile(std::string_view pattern) {
  if (pattern.size() > kMaxRegexLength) {
    return invalid(pattern, "longer than " + std::to_string(kMaxRegexLength) + " bytes");
  }
  try {
    auto re = std::make_unique<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()),
                                               options());
    if (!re->ok()) return invalid(pattern, reason(*re, pattern));
    return Regex(std::move(re));
  } catch (const std::bad_alloc&) {
    return invalid(pattern, "too large");
  }
}

Regex::Regex(std::unique_ptr<const re2::RE2> re) noexcept : re_(std::move(re)) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

bool Regex::search(std::string_view text) const noexcept {
  try {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
  } catch (...) {
    // Only allocation can throw here (a DFA cache); no match, as with any engine failure.
    return false;
  }
}

}  // namespace kcheck::config
