#include "logs/redact.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

/// `word` (lowercase) at `pos`, in any case.
bool has_word_ci(std::string_view s, std::size_t pos, std::string_view word) noexcept {
  if (pos + word.size() > s.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(s[pos + i]) != word[i]) return false;
  }
  return true;
}

bool is_token68(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

/// A secret found at `pos`: the bytes [from, to) are replaced.
struct Secret {
  std::size_t from = 0;
  std::size_t to = 0;
};

/// `Bearer`/`Basic` + spaces + a token of 8+ characters at `pos`.
bool scheme_token(std::string_view s, std::size_t pos, Secret& out) noexcept {
  std::size_t p = pos;
  if (has_word_ci(s, p, "bearer")) {
    p += 6;
  } else if (has_word_ci(s, p, "basic")) {
    p += 5;
  } else {
    return false;
  }
  if (p >= s.size() || s[p] != ' ') return false;
  p = skip_spaces(s, p);
  std::size_t end = p;
  while (end < s.size() && is_token68(s[end])) ++end;
  if (end - p < 8) return false;
  out = {p, end};
  return true;
}

/// `authorization` + `"`? + `:`/`=` + spaces/`[`/`"` + value, when the value is not a
/// scheme token (those are found at their own position).
bool header_value(std::string_view s, std::size_t pos, Secret& out) noexcept {
  std::size_t p = pos + 13;
  if (p < s.size() && s[p] == '"') ++p;
  if (p >= s.size() || (s[p] != ':' && s[p] != '=')) return false;
  ++p;
  while (p < s.size() && (s[p] == ' ' || s[p] == '[' || s[p] == '"')) ++p;
  Secret scheme;
  if (scheme_token(s, p, scheme)) return false;
  std::size_t end = p;
  while (end < s.size() && s[end] != ' ' && s[end] != '"' && s[end] != ']' && s[end] != ',' &&
         s[end] != ';' && s[end] != '\t')
    ++end;
  if (end == p || (end - p == kRedacted.size() && s.substr(p, end - p) == kRedacted)) {
    return false;
  }
  out = {p, end};
  return true;
}

bool query_token(std::string_view s, std::size_t pos, Secret& out) noexcept {
  std::size_t p = pos + 13;  // "access_token="
  std::size_t end = p;
  while (end < s.size() && s[end] != '&' && s[end] != ' ' && s[end] != '"' && s[end] != '\'' &&
         s[end] != '#' && s[end] != ']' && s[end] != ',')
    ++end;
  if (end == p) return false;
  out = {p, end};
  return true;
}

/// The secret or colour sequence starting at `i`, if one does.
bool secret_at(std::string_view s, std::size_t i, Secret& out) noexcept {
  const char c = lower(s[i]);
  if (c == 'b') {
    // Only at a word start: "Bearer" inside another word is not a scheme.
    return (i == 0 || !is_token68(s[i - 1])) && scheme_token(s, i, out);
  }
  if (c == 'a') {
    return (has_word_ci(s, i, "authorization") && header_value(s, i, out)) ||
           (has_word_ci(s, i, "access_token=") && query_token(s, i, out));
  }
  if (c == '\x1b') {
    const std::size_t end = skip_csi(s, i);
    out = {i, end};
    return end > i;
  }
  return false;
}

/// Whether `s[i]`, `s[i + 1]` may start a secret or a colour: `be`, `ba`, `au`, `ac` in any
/// case, or ESC. Prose rarely has these pairs, so few positions reach secret_at.
bool may_start(std::string_view s, std::size_t i) noexcept {
  const char c = lower(s[i]);
  if (c == '\x1b') return true;
  if (i + 1 >= s.size()) return false;
  const char d = lower(s[i + 1]);
  return (c == 'b' && (d == 'e' || d == 'a')) || (c == 'a' && (d == 'u' || d == 'c'));
}

/// The next secret or colour sequence at or after `pos`; false when there is none.
bool find_next(std::string_view s, std::size_t pos, Secret& out) noexcept {
  std::size_t i = pos;
#if defined(__SSE2__)
  // 16 positions at a time: the pair test above on vectors (`| 0x20` lowers letters).
  const __m128i lower_bit = _mm_set1_epi8(0x20);
  const __m128i esc = _mm_set1_epi8(0x1b);
  const __m128i a = _mm_set1_epi8('a');
  const __m128i b = _mm_set1_epi8('b');
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i c = _mm_or_si128(raw, lower_bit);
    const __m128i d = _mm_or_si128(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1)), lower_bit);
    const __m128i after_b =
        _mm_or_si128(_mm_cmpeq_epi8(d, _mm_set1_epi8('e')), _mm_cmpeq_epi8(d, a));
    const __m128i after_a =
        _mm_or_si128(_mm_cmpeq_epi8(d, _mm_set1_epi8('u')), _mm_cmpeq_epi8(d, _mm_set1_epi8('c')));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(c, b), after_b),
                                                  _mm_and_si128(_mm_cmpeq_epi8(c, a), after_a)),
                                     _mm_cmpeq_epi8(raw, esc));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    while (mask != 0) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(mask));
      if (secret_at(s, at, out)) return true;
      mask &= mask - 1;
    }
  }
#endif
  for (; i < s.size(); ++i) {
    if (may_start(s, i) && secret_at(s, i, out)) return true;
  }
  return false;
}

}  // namespace

std::string_view clean_text(std::string_view text, Arena& arena, bool& cut) noexcept {
  Secret secret;
  if (!find_next(text, 0, secret)) return text;
  ArenaWriter out(arena);
  std::size_t pos = 0;
  do {
    out.put(text.substr(pos, secret.from - pos));
    if (text[secret.from] != '\x1b') out.put(kRedacted);  // colours go without a trace
    pos = secret.to;
  } while (find_next(text, pos, secret));
  out.put(text.substr(pos));
  cut = cut || out.overflowed();
  return out.finish();
}

}  // namespace kcheck::logs
