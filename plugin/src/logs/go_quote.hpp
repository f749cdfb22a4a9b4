// Go's strconv.Quote spelling (Gin's `%#v` of the path): reading it back.
#pragma once

#include <cstddef>
#include <string_view>

#include "logs/arena.hpp"

namespace kcheck::logs {

/// Length of the quoted string at the start of `s` (both quotes included), 0 when it has no
/// closing quote.
std::size_t go_quoted_end(std::string_view s) noexcept;

/// The text of a quoted string (`quoted` from go_quoted_end): a view into it when it has no
/// escapes, else decoded into the arena. Escapes Go never writes are kept as written.
std::string_view go_unquote(std::string_view quoted, Arena& arena) noexcept;

/// Appends the UTF-8 encoding of `cp` (surrogates and out-of-range values as U+FFFD).
void put_utf8(ArenaWriter& out, unsigned long cp) noexcept;

}  // namespace kcheck::logs
