// `host-stub parse`: runs the public pull parser over a file or stdin and prints one JSON
// object per sample, so that an exposition can be debugged without a plugin or an agent.
#include "parse_cmd.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cmd_io.hpp"
#include "json_writer.hpp"
#include "kcheck/parse.hpp"
#include "run_cmd.hpp"

namespace kcheck::stub {
namespace {

// Output is handed to stdio in blocks of about this size: one write per block, no flush
// per line.
constexpr std::size_t kOutputBlock = std::size_t{1} << 16;

struct ParseOptions {
  Format format = Format::kPrometheus;
  std::string path;  ///< "-" is stdin
};

/// Parses `parse` arguments (argv[0] is "parse"); nullopt with `error` set on a usage error.
std::optional<ParseOptions> parse_options(int argc, char** argv, std::string& error) {
  ParseOptions options;
  const auto path = read_file_arguments(
      argc, argv,
      [&](int i) {
        if (std::string_view(argv[i]) != "--openmetrics") return OptionRead::kNotMine;
        options.format = Format::kOpenMetrics;
        return OptionRead::kTaken;
      },
      error);
  if (!path) return std::nullopt;
  options.path = *path;
  return options;
}

/// A value as JSON: a number, or the exposition spellings "NaN", "+Inf", "-Inf", which
/// JSON numbers cannot express.
void append_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "\"NaN\"";
  } else if (std::isinf(value)) {
    out += value > 0 ? "\"+Inf\"" : "\"-Inf\"";
  } else {
    append_json_number(out, value);
  }
}

void append_timestamp(std::string& out, bool has_timestamp, double timestamp) {
  if (has_timestamp) {
    append_value(out, timestamp);
  } else {
    out += "null";
  }
}

void append_labels(std::string& out, std::span<const Label> labels) {
  out += '{';
  bool first = true;
  for (const Label& label : labels) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, label.name);
    out += ':';
    append_json_string(out, label.value);
  }
  out += '}';
}

void append_sample_line(std::string& out, const Family& family, const Sample& sample) {
  out += "{\"family\":";
  append_json_string(out, family.name);
  out += ",\"type\":";
  append_json_string(out, metric_type_name(family.type));
  out += ",\"name\":";
  append_json_string(out, sample.name);
  out += ",\"labels\":";
  append_labels(out, sample.labels);
  out += ",\"value\":";
  append_value(out, sample.value);
  out += ",\"timestamp\":";
  append_timestamp(out, sample.has_timestamp, sample.timestamp);
  if (const Exemplar* exemplar = sample.exemplar) {
    out += ",\"exemplar\":{\"labels\":";
    append_labels(out, exemplar->labels);
    out += ",\"value\":";
    append_value(out, exemplar->value);
    out += ",\"timestamp\":";
    append_timestamp(out, exemplar->has_timestamp, exemplar->timestamp);
    out += '}';
  }
  out += "}\n";
}

int write_failed() {
  std::fprintf(stderr, "%s parse: cannot write to stdout: %s\n", program_name(),
               std::strerror(errno));
  return 2;
}

}  // namespace

int run_parse(int argc, char** argv) {
  std::string error;
  const auto options = parse_options(argc, argv, error);
  if (!options) {
    std::fprintf(stderr, "%s parse: %s\n\n%s", program_name(), error.c_str(), usage().c_str());
    return 2;
  }
  const auto input = read_input(options->path, error);
  if (!input) {
    std::fprintf(stderr, "%s parse: %s\n", program_name(), error.c_str());
    return 2;
  }

  Parser parser(*input, options->format);
  std::string out;
  out.reserve(kOutputBlock + 4096);
  for (;;) {
    const Event event = parser.next();
    if (event == Event::kFamily) continue;
    if (event == Event::kSample) {
      append_sample_line(out, parser.family(), parser.sample());
      if (out.size() < kOutputBlock || write_out(out)) continue;
      return write_failed();
    }
    // kEnd or kError. The samples before an error are printed: they are what was accepted.
    if (!write_out(out) || std::fflush(stdout) != 0) return write_failed();
    if (event == Event::kEnd) return 0;
    const std::string line = (options->path == "-" ? "<stdin>" : options->path) + ": " +
                             parser.error().to_string(*input) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return 1;
  }
}

}  // namespace kcheck::stub
