#include "cmd_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace kcheck::stub {
namespace {

/// Reads all of `file` as bytes; false with errno set when reading fails.
bool read_all(std::FILE* file, std::string& out) {
  char buf[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, file);
    out.append(buf, n);
    if (n < sizeof buf) return std::ferror(file) == 0;
  }
}

}  // namespace

/// The bytes of `path` ("-" is stdin), or nullopt with `error` set.
std::optional<std::string> read_input(const std::string& path, std::string& error) {
  std::string bytes;
  if (path == "-") {
    if (!read_all(stdin, bytes)) {
      error = "cannot read stdin: " + std::string(std::strerror(errno));
      return std::nullopt;
    }
    return bytes;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  const bool ok = read_all(file, bytes);
  const int read_errno = errno;
  std::fclose(file);
  if (!ok) {
    error = "cannot read " + path + ": " + std::strerror(read_errno);
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::string> read_file_arguments(int argc, char** argv,
                                               const std::function<OptionRead(int i)>& option,
                                               std::string& error) {
  std::optional<std::string> path;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!options_done) {
      const OptionRead read = option(i);
      if (read == OptionRead::kError) return std::nullopt;
      if (read == OptionRead::kTaken) continue;
      if (read == OptionRead::kTakenWithValue) {
        ++i;
        continue;
      }
    }
    if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg.front() == '-') {
      error = "unknown argument '" + std::string(arg) + "'";
      return std::nullopt;
    } else if (path) {
      error = "expected one FILE, got '" + *path + "' and '" + std::string(arg) + "'";
      return std::nullopt;
    } else {
      path = std::string(arg);
    }
  }
  if (!path) error = "expected a FILE or '-' for stdin";
  return path;
}

bool write_out(std::string& out) {
  const bool ok = std::fwrite(out.data(), 1, out.size(), stdout) == out.size();
  out.clear();
  return ok;
}

}  // namespace kcheck::stub
