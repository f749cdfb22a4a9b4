// The first line of a crash report. Go's runtime (`panic: v`, `fatal error: v`), net/http's
// recovered handler panic (`http: panic serving addr: v`, through the standard logger, so
// usually after a date) and Gin's Recovery middleware (its logger's prefix is
// "\n\n\x1b[31m", so the line starts with the colour and a date, and the value follows on
// the next line).
#include "logs/formats.hpp"
#include "logs/scan.hpp"

namespace kcheck::logs {
namespace {

/// Past `2006/01/02 15:04:05 ` at `pos` (the standard logger's LstdFlags), or `pos`.
std::size_t skip_std_date(std::string_view line, std::size_t pos, const LineContext& ctx,
                          Record& rec) noexcept {
  CivilTime t;
  if (read_slash_date(line, pos, t) && has_at(line, pos + 10, " ") &&
      read_clock(line, pos + 11, t) && has_at(line, pos + 19, " ") && is_valid(t)) {
    rec.timestamp_ms = ctx.tz.to_utc_ms(t);
    return pos + 20;
  }
  return pos;
}

void set_panic(Record& rec, LoggerName logger, std::string_view message,
               std::string_view value) noexcept {
  rec.format = LogFormat::kPanic;
  rec.logger = logger;
  rec.status = Severity::kCritical;
  rec.message = message;
  rec.error_message = value;
}

}  // namespace

bool read_panic_head(std::string_view line, const LineContext& ctx, Record& rec) {
  std::size_t pos = skip_csi(line, 0);
  pos = skip_std_date(line, pos, ctx, rec);
  const std::string_view rest = line.substr(pos);
  if (rest.starts_with("panic: ")) {
    set_panic(rec, LoggerName::kRuntime, rest, rest.substr(7));
    return true;
  }
  if (rest.starts_with("fatal error: ")) {
    set_panic(rec, LoggerName::kRuntime, rest, rest.substr(13));
    return true;
  }
  if (rest.starts_with("http: panic serving ")) {
    // `http: panic serving 10.0.0.1:5000: value`: the address has no ": " in it.
    const std::size_t sep = rest.find(": ", 20);
    set_panic(rec, LoggerName::kRuntime, rest,
              sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 2));
    return true;
  }
  if (rest.starts_with("[Recovery] ") && rest.ends_with("panic recovered:")) {
    // Its own date (`2006/01/02 - 15:04:05`) follows; the standard logger's one was read.
    set_panic(rec, LoggerName::kGin, rest, std::string_view());
    return true;
  }
  return false;
}

}  // namespace kcheck::logs
