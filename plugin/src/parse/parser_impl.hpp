// The parser's state, shared by parser.cpp (the events) and parser_recovery.cpp (going on
// after an error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "kcheck/cancel.hpp"
#include "kcheck/parse.hpp"
#include "lexer.hpp"
#include "metric_type.hpp"
#include "om_validator.hpp"
#include "prom_families.hpp"

namespace kcheck {

struct Parser::Impl {
  Impl(std::string_view in, Format fmt, const CancelToken* token) noexcept
      : input(in), format(fmt), cancel(token), cancel_check_at(token != nullptr ? 0 : SIZE_MAX) {
    // Within a line too: its labels are where one line can take long.
    for (parse::LabelBuffer& b : buffers) b.label_index.cancel = b.exemplar_index.cancel = token;
  }

  Event next();

  // ---- events and errors
  Event fail(std::size_t offset, std::string message) {
    error.offset = offset;
    error.message = std::move(message);
    return fail_with_error();
  }
  Event fail_with_error() noexcept {
    terminal = true;
    terminal_event = Event::kError;
    error_scope = ErrorScope::kLine;
    return Event::kError;
  }
  // A rule of the family as a whole (announced or closed): the line at `pos` is not at
  // fault and is read again after recover().
  Event fail_family() noexcept {
    fail_with_error();
    error_scope = ErrorScope::kFamily;
    error_family = family.name;
    return Event::kError;
  }
  void consume_to(std::size_t next) noexcept {
    if (next > pos && input[next - 1] == '\n') ++line_no;
    pos = next;
  }

  // ---- families
  std::string_view keep_name(std::string_view name);
  void open_family(std::string_view name, std::size_t offset);
  void reopen_prom_family(std::uint32_t index);
  void set_help(std::string_view raw);
  bool announce_family();  // validates (OpenMetrics) and marks the current family announced
  bool close_family();

  // ---- lines
  bool handle_meta(Event* event);
  bool leave_family(Event* event);
  Event fail_meta_of(std::string_view name);
  Event handle_sample();
  bool apply_meta(const parse::MetaLine& meta);
  Event at_end();

  // ---- cancel
  static constexpr std::size_t kCancelCheckBytes = 64 * 1024;
  bool cancel_requested() noexcept {
    cancel_check_at = pos + kCancelCheckBytes;
    return cancel->cancelled();
  }
  Event stop_cancelled() {
    fail(pos, "cancelled");
    error_scope = ErrorScope::kInput;
    return Event::kError;
  }

  // ---- recovery (family quarantine)
  bool recover();
  std::string_view family_of_line();

  std::string_view input;
  Format format;
  const CancelToken* cancel;
  std::size_t cancel_check_at;  // next() looks at `cancel` once `pos` reaches it
  std::size_t pos = 0;
  std::size_t line_no = 1;  // line at `pos`
  std::size_t event_line = 0;
  bool terminal = false;
  Event terminal_event = Event::kEnd;
  ParseError error;
  enum class ErrorScope : std::uint8_t { kLine, kFamily, kInput };
  ErrorScope error_scope = ErrorScope::kLine;
  std::string_view error_family;
  std::string error_name_buf;  // family_of_line()'s name when it had escapes

  Family family;
  bool fam_open = false;
  bool fam_announced = false;
  bool fam_has_samples = false;
  bool fam_has_unit = false;
  std::span<const parse::SuffixRule> owned;
  std::size_t fam_offset = 0;
  std::size_t unit_offset = 0;
  std::uint32_t prom_index = parse::PromFamilies::kNone;
  std::string help_buf;
  std::string meta_name_buf;  // a '#' line's quoted name with escapes resolved
  // Family names that had escapes: the line's scratch that held them is reused, but a family
  // name lives as long as the family (and PromFamilies indexes it to the end of the input).
  // A deque never moves its strings, so views into them stay valid.
  std::deque<std::string> name_store;

  // Two label buffers used in turn: the previous sample's labels stay valid while the
  // current one is lexed, which the OpenMetrics series checks compare against.
  parse::LabelBuffer buffers[2];
  unsigned current = 0;
  parse::SampleLine line;
  Sample sample;
  Exemplar exemplar;
  bool pending_sample = false;
  bool eof_seen = false;

  parse::PromFamilies prom;
  parse::OmValidator om;
};

}  // namespace kcheck
