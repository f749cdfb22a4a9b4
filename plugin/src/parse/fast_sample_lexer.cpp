// The fast path of the sample lexer, for the line shape exporters write:
//   name{label="value",...} value\n
// The line is first classified 64 bytes at a time into bit masks (line_classify.hpp). The
// quotes around each value are then the next two set bits of one mask, and a label name is
// checked with one count of trailing zeros in a 64-bit window of the other: no branch
// depends on a token's length, and the chain from one label to the next is a bit clear.
// Every other line, and every error, is left to the general lexer (sample_lexer.cpp),
// which reads the line again from its start. This path accepts only lines the general one
// accepts and yields the same result for them; tests/unit/parse/fast_lexer_test.cpp and
// fuzz_sample_lexer compare the two.
#include <bit>
#include <cstdint>

#include "char_class.hpp"
#include "lexer.hpp"
#include "line_classify.hpp"
#include "number.hpp"
#include "scan.hpp"

namespace kcheck::parse {
namespace {

// The masks of one line, from its start to the 64-byte block that holds its first special
// byte ('\n' for the lines this path takes). Positions are offsets from the line's start.
class LineMasks {
 public:
  // False when line_classify.hpp cannot classify the line (too long, or too near `end`).
  bool classify(const char* line, const char* end) noexcept {
    first_special_ = line_classifier()(line, end, name_stop_, value_stop_);
    if (first_special_ == kUnclassified) return false;
    // Past the last block every byte stops a token, so that a window reaching beyond it
    // ends there. No token reaches it: each ends at the latest at first_special().
    const std::size_t n = first_special_ / 64 + 1;
    name_stop_[n] = name_stop_[n + 1] = ~std::uint64_t{0};
    value_stop_[n] = value_stop_[n + 1] = ~std::uint64_t{0};
    return true;
  }

  std::size_t first_special() const noexcept { return first_special_; }

  /// Offset from `i` of the first byte at or after `i` that cannot continue a label name;
  /// 64 when the next 64 bytes all can. `i` <= first_special().
  unsigned name_end(std::size_t i) const noexcept {
    const std::size_t w = i >> 6;
    const unsigned b = i & 63u;
    // Two shifts for the high part: one shift by 64 - b would be undefined when b is 0.
    const std::uint64_t bits = (name_stop_[w] >> b) | ((name_stop_[w + 1] << 1) << (63 - b));
    return static_cast<unsigned>(std::countr_zero(bits));
  }

  /// The value stops ('"', '\\', '\n', non-ASCII) of the line in order, from its start.
  class ValueStops {
   public:
    explicit ValueStops(const std::uint64_t* words) noexcept : words_(words), bits_(words[0]) {}
    /// The next one; call only while the last one returned was before first_special().
    std::size_t next() noexcept {
      while (bits_ == 0) bits_ = words_[++word_];
      const std::size_t at = 64 * word_ + static_cast<std::size_t>(std::countr_zero(bits_));
      bits_ &= bits_ - 1;
      return at;
    }

   private:
    const std::uint64_t* words_;
    std::size_t word_ = 0;
    std::uint64_t bits_;
  };
  ValueStops value_stops() const noexcept { return ValueStops(value_stop_); }

 private:
  std::uint64_t name_stop_[kMaxLineBlocks + 2];
  std::uint64_t value_stop_[kMaxLineBlocks + 2];
  std::size_t first_special_ = 0;
};

}  // namespace

bool lex_sample_fast(std::string_view input, std::size_t pos, LabelBuffer* buf, SampleLine* line,
                     std::size_t* next) {
  const char* const s = input.data() + pos;
  LineMasks masks;
  if (!masks.classify(s, input.data() + input.size())) return false;
  const std::size_t eol = masks.first_special();
  if (s[eol] != '\n') return false;

  // Every offset below stays <= eol: each token ends at a stop byte, and '\n' is one.
  if (!has_class(s[0], kMetricStart)) return false;
  const unsigned head = masks.name_end(1);  // the name up to its end, or to its first ':'
  std::size_t i = 1 + head;
  if (head == 64 || s[i] == ':') {  // a long name, or one with ':' (recording rules)
    i = static_cast<std::size_t>(find_name_end<true>(s + i, s + eol) - s);
  }
  line->name = std::string_view(s, i);

  buf->clear();
  if (s[i] == '{') {
    ++i;
    if (s[i] == '}') {
      ++i;
    } else {
      // The quotes around each value are the line's next two value stops: walking them
      // bit by bit keeps the chain from one label to the next at one instruction, and the
      // checks of each label (which the branch predictor passes) off that chain.
      std::vector<Label>& out = buf->labels;
      LineMasks::ValueStops stops = masks.value_stops();
      std::uint64_t seen = 0;  // repeats_label()'s filter
      std::size_t name_begin = i;
      for (;;) {
        const std::size_t open = stops.next();
        if (s[open] != '"' || s[open - 1] != '=') return false;
        // The name is all of [name_begin, open - 1): 1 to 64 name bytes, the first no digit.
        const std::size_t name_len = open - 1 - name_begin;
        if (name_len - 1 >= 64 || masks.name_end(name_begin) != name_len ||
            static_cast<unsigned char>(s[name_begin] - '0') <= 9) {
          return false;
        }
        const std::size_t close = stops.next();
        if (s[close] != '"') return false;  // an escape, a non-ASCII byte or the newline
        const std::string_view name(s + name_begin, name_len);
        const std::string_view value(s + open + 1, close - open - 1);

        if (repeats_label(name, out, &seen, &buf->label_index))
          return false;  // the general lexer reports it
        out.push_back({name, value});

        const char after = s[close + 1];
        if (after == ',') {
          name_begin = close + 2;
          continue;
        }
        if (after != '}') return false;
        i = close + 2;
        break;
      }
    }
  }
  if (s[i] != ' ') return false;
  ++i;
  // The value runs to the newline: a token with a blank in it (a timestamp, an exemplar)
  // is no number, so such a line goes to the general lexer too.
  if (!parse_number(std::string_view(s + i, eol - i), &line->value)) return false;
  line->value_offset = pos + i;
  line->has_timestamp = false;
  line->has_exemplar = false;
  line->exemplar_has_timestamp = false;
  *next = pos + eol + 1;
  return true;
}

}  // namespace kcheck::parse
