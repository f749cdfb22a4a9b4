// "Did you mean" suggestions for misspelt keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kcheck::config {

/// The candidate closest to `key` (case-insensitive edit distance, adjacent transpositions
/// counting once) when it is close enough to be a likely typo; "" otherwise.
std::string closest_key(std::string_view key, const std::vector<std::string>& candidates);

/// `unknown key "<key>"`, plus `; did you mean "<closest>"?` when there is one.
std::string unknown_key_message(std::string_view key, const std::vector<std::string>& candidates);

}  // namespace kcheck::config
