#include "logs/open_record.hpp"

#include "logs/formats.hpp"
#include "logs/record_reader.hpp"
#include "logs/wrapper.hpp"

namespace kcheck::logs {

std::size_t open_record_start(std::string_view lines, std::size_t window, const TimeZone& zone,
                              Arena& scratch) noexcept {
  // Walks back line by line, keeping whether every line after the current one could belong
  // to an access record, and to a panic: the same tests LogParser::continues() applies.
  bool access_tail = true;
  bool panic_tail = true;
  std::size_t end = lines.size();
  if (end == 0 || lines[end - 1] != '\n') return std::string_view::npos;
  while (end > 0 && lines.size() - end <= window && (access_tail || panic_tail)) {
    const std::size_t nl = end >= 2 ? lines.rfind('\n', end - 2) : std::string_view::npos;
    const std::size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
    std::string_view text = lines.substr(begin, end - 1 - begin);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    const Unwrapped u = unwrap(text, zone, 0);
    scratch.reset();
    Record probe;
    const LineKind kind = read_head(u.body, LineContext{zone, scratch}, probe);
    if (kind == LineKind::kAccess && access_tail) return begin;
    if (kind == LineKind::kPanic && panic_tail) return begin;
    std::string_view error;
    access_tail = access_tail && (read_gin_error_line(u.body, error) || is_gin_meta_line(u.body));
    panic_tail = panic_tail && kind == LineKind::kUnparsed;
    end = begin;
  }
  return std::string_view::npos;
}

}  // namespace kcheck::logs
