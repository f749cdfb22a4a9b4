#include "logs/log_parser.hpp"

#include <cstring>

#include "logs/civil_time.hpp"
#include "logs/record_reader.hpp"
#include "logs/wrapper.hpp"

namespace kcheck::logs {
namespace {

bool is_blank(std::string_view line) noexcept {
  for (const char c : line) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

// The arena takes the rewritten copies of one record's fields; each copy is no longer than
// the field's source (redaction may add two bytes per secret of eight), so a few times the
// record's size is enough, and ArenaWriter cuts rather than overruns if not.
constexpr std::size_t kArenaRecords = 4;
constexpr std::size_t kArenaSlack = 4096;

}  // namespace

LogParser::LogParser(ParserOptions options)
    : tz_(options.time_zone),
      max_line_(options.max_line_bytes > 0 ? options.max_line_bytes : kDefaultMaxLineBytes),
      arena_(max_line_ * kArenaRecords + kArenaSlack) {
  carry_.reserve(max_line_ + 1);
}

void LogParser::feed(std::string_view chunk, std::int64_t now_ms) noexcept {
  chunk_ = chunk;
  pos_ = 0;
  have_next_ = false;
  now_ms_ = clamp_epoch_ms(now_ms);  // syslog stamps take their year from it
  at_end_ = false;
}

void LogParser::finish() noexcept {
  at_end_ = true;
}

bool LogParser::take_line(Line& line) noexcept {
  if (pos_ >= chunk_.size()) return false;
  line.begin = pos_;
  const void* nl = std::memchr(chunk_.data() + pos_, '\n', chunk_.size() - pos_);
  const std::size_t end =
      nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - chunk_.data())
                    : chunk_.size();
  pos_ = end + 1;
  line.text = chunk_.substr(line.begin, end - line.begin);
  line.cr = !line.text.empty() && line.text.back() == '\r';
  if (line.cr) line.text.remove_suffix(1);
  line.cut = line.text.size() > max_line_;
  if (line.cut) line.text = line.text.substr(0, max_line_);
  return true;
}

bool LogParser::continues(std::string_view body) noexcept {
  if (held_ == Held::kAccess) {
    std::string_view text;
    return read_gin_error_line(body, text) || is_gin_meta_line(body);
  }
  // A stack runs until a line starts a record of a known format. The check may leave bytes
  // in the arena: it is reset before the held record is built.
  Record probe;
  return read_head(body, LineContext{zone(), arena_}, probe) == LineKind::kUnparsed;
}

void LogParser::hold(const Line& line, LineKind kind, const Unwrapped& u) noexcept {
  held_ = kind == LineKind::kAccess ? Held::kAccess : Held::kPanic;
  held_kind_ = kind;
  held_unwrapped_ = u;
  held_fresh_ = true;
  held_in_carry_ = false;
  held_cut_ = held_frozen_ = line.cut;
  held_cr_ = line.cr;
  held_begin_ = line.begin;
  held_end_ = line.begin + line.text.size();
}

void LogParser::extend(const Line& line) noexcept {
  held_cut_ = held_cut_ || line.cut;
  if (held_frozen_) return;
  const std::size_t end = line.begin + line.text.size();
  if (held_in_carry_) {
    // The bytes the chunk would hold: the previous line's terminator, then this line.
    const std::string_view terminator = held_cr_ ? "\r\n" : "\n";
    if (carry_.size() + terminator.size() + line.text.size() > max_line_) {
      held_cut_ = held_frozen_ = true;
      return;
    }
    carry_ += terminator;
    carry_ += line.text;
  } else if (end - held_begin_ > max_line_) {
    held_cut_ = held_frozen_ = true;
    return;
  } else {
    held_end_ = end;
  }
  held_cr_ = line.cr;
  held_frozen_ = held_frozen_ || line.cut;
}

void LogParser::move_held_to_carry() noexcept {
  held_fresh_ = false;  // the next call resets the arena and reads the carry again
  if (held_in_carry_) return;
  carry_.assign(chunk_.substr(held_begin_, held_end_ - held_begin_));
  held_in_carry_ = true;
}

const Record* LogParser::emit_held() noexcept {
  held_ = Held::kNone;
  const LineContext ctx{zone(), arena_};
  if (held_fresh_) {
    held_fresh_ = false;
    const std::string_view text = chunk_.substr(held_begin_, held_end_ - held_begin_);
    finish_multiline(held_kind_, text, held_unwrapped_, ctx, now_ms_, record_);
    record_.truncated = record_.truncated || held_cut_;
    return &record_;
  }
  arena_.reset();
  const std::string_view text = held_in_carry_
                                    ? std::string_view(carry_)
                                    : chunk_.substr(held_begin_, held_end_ - held_begin_);
  read_multiline(text, ctx, now_ms_, held_cut_, record_);
  return &record_;
}

const Record* LogParser::next() noexcept {
  arena_.reset();
  const LineContext ctx{zone(), arena_};
  for (;;) {
    Line line;
    Unwrapped u;
    if (have_next_) {
      line = next_line_;
      u = next_unwrapped_;
      have_next_ = false;
    } else if (take_line(line)) {
      if (held_ == Held::kNone && is_blank(line.text)) continue;
      u = unwrap(line.text, zone(), now_ms_);
    } else {
      if (held_ == Held::kNone) return nullptr;
      if (at_end_) return emit_held();
      move_held_to_carry();
      return nullptr;
    }
    if (held_ != Held::kNone) {
      if (continues(u.body)) {
        extend(line);
        continue;
      }
      next_line_ = line;  // it starts the next record
      next_unwrapped_ = u;
      have_next_ = !is_blank(line.text);
      return emit_held();
    }
    const LineKind kind = read_line(u, ctx, line.cut, record_);
    if (kind == LineKind::kAccess || kind == LineKind::kPanic) {
      hold(line, kind, u);
      continue;
    }
    finish_line(kind, line.text, u, ctx, now_ms_, record_);
    return &record_;
  }
}

}  // namespace kcheck::logs
