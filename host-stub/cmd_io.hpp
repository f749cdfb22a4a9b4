// The input and output of the debugging subcommands (parse, logs).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace kcheck::stub {

/// The bytes of `path` ("-" is stdin), or nullopt with `error` set ("cannot read PATH: why").
std::optional<std::string> read_input(const std::string& path, std::string& error);

/// What a subcommand's option reader says about argv[i].
enum class OptionRead { kNotMine, kTaken, kTakenWithValue, kError };

/// Reads the arguments of a subcommand that takes options and one FILE (or "-"): `option`
/// handles argv[i] when it is one of the subcommand's options (kTakenWithValue when it used
/// argv[i + 1] too; kError with `error` set). argv[0] is the subcommand. Returns the FILE, or
/// nullopt with `error` set.
std::optional<std::string> read_file_arguments(int argc, char** argv,
                                               const std::function<OptionRead(int i)>& option,
                                               std::string& error);

/// Hands `out` to stdout and empties it; false when stdout fails.
bool write_out(std::string& out);

}  // namespace kcheck::stub
