#include "series_name.hpp"

#include <algorithm>

namespace kcheck::collectd {

namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;
constexpr std::size_t kHashDigits = 12;  // 48 bits: collisions stay negligible per metric name
constexpr char kHashMark = '#';

bool is_safe(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == ':' || c == '=' || c == '+' || c == '-';
}

std::uint64_t fnv_update(std::uint64_t h, std::string_view bytes) {
  for (const char ch : bytes) {
    h ^= static_cast<unsigned char>(ch);
    h *= kFnvPrime;
  }
  return h;
}

// Cuts an escaped string to at most `limit` bytes without splitting a %XX escape.
std::string_view cut_escaped(std::string_view escaped, std::size_t limit) {
  if (escaped.size() <= limit) return escaped;
  // A '%' always starts an escape ('%' itself is written %25).
  std::size_t cut = limit;
  if (cut >= 1 && escaped[cut - 1] == '%') {
    cut -= 1;
  } else if (cut >= 2 && escaped[cut - 2] == '%') {
    cut -= 2;
  }
  return escaped.substr(0, cut);
}

}  // namespace

std::string escape_name_part(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_safe(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::uint64_t series_hash(std::string_view name, std::span<const std::string_view> sorted_tags) {
  std::uint64_t h = fnv_update(kFnvOffset, name);
  for (const std::string_view tag : sorted_tags) {
    h = fnv_update(h, std::string_view("\0", 1));
    h = fnv_update(h, tag);
  }
  return h;
}

FoldedName fold_series(std::string_view name, std::span<const std::string_view> tags,
                       std::span<const std::string> instance_tags) {
  std::vector<std::string_view> kept;
  kept.reserve(tags.size());
  for (const std::string_view tag : tags) {
    const bool constant = std::binary_search(
        instance_tags.begin(), instance_tags.end(), tag,
        [](auto a, auto b) { return std::string_view(a) < std::string_view(b); });
    if (!constant) kept.push_back(tag);
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());

  FoldedName folded;
  folded.hash = series_hash(name, kept);
  const std::string escaped_name = escape_name_part(name);
  std::string readable = escaped_name;
  for (const std::string_view tag : kept) {
    readable.push_back(',');
    readable += escape_name_part(tag);
    if (readable.size() > kMaxNameBytes) break;  // will not fit: stop escaping early
  }
  if (readable.size() <= kMaxNameBytes) {
    folded.type_instance = std::move(readable);
    return folded;
  }

  folded.hashed = true;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string suffix(1, kHashMark);
  for (std::size_t i = kHashDigits; i-- > 0;) {
    suffix.push_back(kHex[(folded.hash >> (4 * i)) & 0xF]);
  }
  folded.type_instance = std::string(cut_escaped(escaped_name, kMaxNameBytes - suffix.size()));
  folded.type_instance += suffix;
  folded.description = std::string(name) + "{";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) folded.description.push_back(',');
    folded.description += kept[i];
  }
  folded.description.push_back('}');
  return folded;
}

}  // namespace kcheck::collectd
