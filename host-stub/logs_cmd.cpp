// `host-stub logs`: runs the log parser (plugin/src/logs) over a file or stdin and prints
// one JSON record per line, so that users see what the check makes of their KrakenD logs.
// The input is streamed in blocks of whole lines, as the tailing code will feed it.
#include "logs_cmd.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cmd_io.hpp"
#include "logs/json_record.hpp"
#include "logs/log_parser.hpp"
#include "logs/time_zone.hpp"
#include "run_cmd.hpp"

namespace kcheck::stub {
namespace {

constexpr std::size_t kReadBlock = std::size_t{1} << 20;
constexpr std::size_t kOutputBlock = std::size_t{1} << 16;

struct LogsOptions {
  std::string time_zone = "UTC";
  std::string path;  ///< "-" is stdin
};

std::optional<LogsOptions> parse_options(int argc, char** argv, std::string& error) {
  LogsOptions options;
  const auto path = read_file_arguments(
      argc, argv,
      [&](int i) {
        if (std::string_view(argv[i]) != "--timezone") return OptionRead::kNotMine;
        if (i + 1 >= argc) {
          error = "--timezone needs a value (UTC, +02:00, Europe/Madrid, ...)";
          return OptionRead::kError;
        }
        options.time_zone = argv[i + 1];
        return OptionRead::kTakenWithValue;
      },
      error);
  if (!path) return std::nullopt;
  options.path = *path;
  return options;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Pulls every record of the chunk fed last into `out`, writing full blocks; false when
/// stdout fails.
bool drain(logs::LogParser& parser, std::string& out) {
  while (const logs::Record* rec = parser.next()) {
    logs::append_record_json(out, *rec);
    out += '\n';
    if (out.size() >= kOutputBlock && !write_out(out)) return false;
  }
  return true;
}

/// Streams `file` through the parser in blocks of complete lines. A line longer than the
/// parser keeps is fed once up to its limit (the parser cuts it) and the rest is skipped.
bool stream(std::FILE* file, logs::LogParser& parser, std::string& out, std::string& error) {
  std::string buf;
  std::unique_ptr<char[]> block(new char[kReadBlock]);
  bool skipping = false;  // inside the unkept rest of an overlong line
  for (;;) {
    const std::size_t n = std::fread(block.get(), 1, kReadBlock, file);
    std::string_view data(block.get(), n);
    if (skipping) {
      const std::size_t nl = data.find('\n');
      skipping = nl == std::string_view::npos;
      data.remove_prefix(skipping ? data.size() : nl + 1);
    }
    buf.append(data);
    const std::size_t last = buf.rfind('\n');
    const std::int64_t now = now_ms();
    if (last != std::string::npos) {
      parser.feed(std::string_view(buf).substr(0, last + 1), now);
      if (!drain(parser, out)) return false;
      buf.erase(0, last + 1);
    } else if (buf.size() > logs::kDefaultMaxLineBytes) {
      parser.feed(buf, now);
      if (!drain(parser, out)) return false;
      buf.clear();
      skipping = true;
    }
    if (n < kReadBlock) break;
  }
  if (std::ferror(file) != 0) {
    error = std::strerror(errno);
    return true;
  }
  if (!buf.empty()) parser.feed(buf, now_ms());
  if (!drain(parser, out)) return false;
  parser.finish();
  return drain(parser, out);
}

int write_failed() {
  std::fprintf(stderr, "%s logs: cannot write to stdout: %s\n", program_name(),
               std::strerror(errno));
  return 2;
}

}  // namespace

int run_logs(int argc, char** argv) {
  std::string error;
  const auto options = parse_options(argc, argv, error);
  if (!options) {
    std::fprintf(stderr, "%s logs: %s\n\n%s", program_name(), error.c_str(), usage().c_str());
    return 2;
  }
  auto zone = logs::TimeZone::load(options->time_zone);
  if (!zone.ok()) {
    std::fprintf(stderr, "%s logs: %s\n", program_name(), zone.status().message().c_str());
    return 2;
  }
  const bool from_stdin = options->path == "-";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      from_stdin ? stdin : std::fopen(options->path.c_str(), "rb"),
      from_stdin ? +[](std::FILE*) { return 0; } : &std::fclose);
  if (!file) {
    std::fprintf(stderr, "%s logs: cannot read %s: %s\n", program_name(), options->path.c_str(),
                 std::strerror(errno));
    return 2;
  }
  logs::ParserOptions parser_options;
  parser_options.time_zone = &zone.value();
  logs::LogParser parser(parser_options);
  std::string out;
  out.reserve(kOutputBlock + 4096);
  if (!stream(file.get(), parser, out, error)) return write_failed();
  if (!write_out(out) || std::fflush(stdout) != 0) return write_failed();
  if (!error.empty()) {
    std::fprintf(stderr, "%s logs: cannot read %s: %s\n", program_name(),
                 from_stdin ? "stdin" : options->path.c_str(), error.c_str());
    return 2;
  }
  return 0;
}

}  // namespace kcheck::stub
