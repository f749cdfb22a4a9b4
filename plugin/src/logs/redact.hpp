// Credentials KrakenD prints at DEBUG (request dumps, plugin logs) and tokens in URLs.
#pragma once

#include <string_view>

#include "logs/arena.hpp"

namespace kcheck::logs {

/// The replacement of every secret.
inline constexpr std::string_view kRedacted = "[REDACTED]";

/// `text` with credentials replaced by kRedacted and ANSI colour sequences removed: `text`
/// itself when there is nothing to change (no copy), else a copy in the arena. Replaced:
/// the token after `Bearer ` / `Basic ` (8+ token characters, any case), the value of an
/// `Authorization` / `Proxy-Authorization` header in its usual spellings (`Authorization: v`,
/// `"Authorization":["v"]`, `map[Authorization:[v]]`) and of `access_token=` in a query.
/// `cut` is set when the arena ran out (the text is then shorter).
std::string_view clean_text(std::string_view text, Arena& arena, bool& cut) noexcept;

}  // namespace kcheck::logs
