#include "config/suggest.hpp"

#include <algorithm>
#include <cstddef>

#include "config/key_path.hpp"

namespace kcheck::config {
namespace {

// Keys longer than this are not compared: a suggestion for them is unlikely to help and the
// distance is quadratic.
constexpr std::size_t kMaxComparedLength = 64;

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t osa_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

}  // namespace

std::string closest_key(std::string_view key, const std::vector<std::string>& candidates) {
  if (key.empty() || key.size() > kMaxComparedLength) return {};
  // About one edit per three characters, at least one: "tiemout" -> "timeout", but "tag"
  // does not become "telemetry".
  const std::size_t limit = std::max<std::size_t>(1, key.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (c.size() > kMaxComparedLength) continue;
    const std::size_t dist = osa_distance(key, c);
    if (dist < best_distance) {
      best_distance = dist;
      best = c;
    }
  }
  return best;
}

std::string unknown_key_message(std::string_view key, const std::vector<std::string>& candidates) {
  std::string message = "unknown key " + quoted(key);
  if (const std::string best = closest_key(key, candidates); !best.empty()) {
    message += "; did you mean " + quoted(best) + "?";
  }
  return message;
}

}  // namespace kcheck::config
