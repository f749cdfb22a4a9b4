#include "om_validator.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "common/bytes.hpp"
#include "escape.hpp"
#include "number.hpp"

namespace kcheck::parse {
namespace {

constexpr std::size_t kMaxExemplarChars = 128;

// Out of line and cold: the checks of every sample stay short, their messages are built only
// when one fails.
[[gnu::cold, gnu::noinline]] bool fail(ParseError* err, std::size_t offset, std::string_view a,
                                       std::string_view b = {}, std::string_view c = {}) {
  err->offset = offset;
  err->message.assign(a);
  err->message.append(b);
  err->message.append(c);
  return false;
}

// From the end: `le` and `quantile` are written last. A name occurs at most once (the lexer
// refuses duplicate labels).
std::ptrdiff_t find_label(std::span<const Label> labels, std::string_view name) noexcept {
  for (std::size_t i = labels.size(); i-- > 0;) {
    if (equal_bytes(labels[i].name, name)) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

// Label sets compared as sets, each without its `excluded` label (le, quantile, or the
// stateset's own label), once their label text has differed (check_sample compares that
// first). Writers repeat the same order, so the ordered walk decides almost always; the
// unordered fallback keeps "{a,b}" and "{b,a}" the same series.
bool same_group(std::span<const Label> a, std::ptrdiff_t a_skip, std::span<const Label> b,
                std::ptrdiff_t b_skip) noexcept {
  const std::size_t na = a.size() - (a_skip >= 0 ? 1 : 0);
  const std::size_t nb = b.size() - (b_skip >= 0 ? 1 : 0);
  if (na != nb) return false;
  std::size_t i = 0;
  std::size_t j = 0;
  for (;;) {
    if (static_cast<std::ptrdiff_t>(i) == a_skip) ++i;
    if (static_cast<std::ptrdiff_t>(j) == b_skip) ++j;
    if (i >= a.size() || j >= b.size()) return true;
    if (!equal_bytes(a[i].name, b[j].name)) break;
    // Names are unique in a sample: the label has another value in the other set.
    if (!equal_bytes(a[i].value, b[j].value)) return false;
    ++i;
    ++j;
  }
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (static_cast<std::ptrdiff_t>(k) == b_skip) continue;
    const std::ptrdiff_t m = find_label(a, b[k].name);
    if (m < 0 || m == a_skip || a[static_cast<std::size_t>(m)].value != b[k].value) return false;
  }
  return true;
}

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// 8 bytes per step (a multiply-xorshift of each word), then the last partial word; no
// finaliser (the caller mixes once per label).
std::uint64_t absorb(std::string_view s, std::uint64_t h) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 32;
  }
  if (i < s.size()) {
    const std::uint64_t w = load_tail(s.data() + i, s.size() - i);
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 32;
  }
  return h;
}

// Order-independent (a sum over labels) so that it agrees with same_group(). Each label is
// its name then its value, both lengths in the seed so that the boundary counts.
std::uint64_t group_hash(std::span<const Label> labels, std::ptrdiff_t skip) noexcept {
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (static_cast<std::ptrdiff_t>(i) == skip) continue;
    const Label& l = labels[i];
    const std::uint64_t seed = 0xcbf29ce484222325ULL ^ (l.name.size() << 32) ^ l.value.size();
    h += mix(absorb(l.value, absorb(l.name, seed)));
  }
  return h;
}

std::string_view suffix_name(SuffixKind kind) noexcept {
  switch (kind) {
    case SuffixKind::kTotal:
      return "_total";
    case SuffixKind::kBucket:
      return "_bucket";
    case SuffixKind::kCount:
      return "_count";
    case SuffixKind::kSum:
      return "_sum";
    case SuffixKind::kGCount:
      return "_gcount";
    case SuffixKind::kGSum:
      return "_gsum";
    default:
      return "";
  }
}

bool is_histogram(MetricType t) noexcept {
  return t == MetricType::kHistogram || t == MetricType::kGaugeHistogram;
}

}  // namespace

bool OmValidator::check_unit(std::string_view family, std::string_view unit, std::size_t offset,
                             ParseError* err) const {
  if (unit.empty()) return true;
  if (family.size() > unit.size() && family.substr(family.size() - unit.size()) == unit &&
      family[family.size() - unit.size() - 1] == '_') {
    return true;
  }
  return fail(err, offset, "expected metric name to end with '_", unit, "'");
}

bool OmValidator::begin_family(const Family& family, std::size_t offset, std::size_t unit_offset,
                               ParseError* err) {
  has_prev_ = false;
  groups_.clear();
  series_ = {};
  bound_pos_ = 0;
  if (!family.unit.empty() &&
      (family.type == MetricType::kInfo || family.type == MetricType::kStateset)) {
    return fail(err, unit_offset, "expected no UNIT for an info or stateset family");
  }
  // The family's own name is taken even when no sample can carry it (counter `a` owns `a`),
  // which is what makes "# TYPE a counter" followed by a sample `a` a clash.
  const auto claim = [&](std::string_view suffix) {
    key_.assign(family.name);
    key_.append(suffix);
    if (names_.insert(key_).second) return true;
    return fail(err, offset, "expected a new family name, '", key_,
                "' belongs to an earlier family");
  };
  if (!claim("")) return false;
  for (const SuffixRule& r : owned_suffixes(Format::kOpenMetrics, family.type)) {
    if (!r.text.empty() && !claim(r.text)) return false;
  }
  return true;
}

bool OmValidator::check_sample(std::string_view input, const Family& family, SuffixKind kind,
                               const Sample& sample, const SampleLine& line,
                               std::size_t line_offset, ParseError* err) {
  const MetricType type = family.type;
  const std::span<const Label> labels = sample.labels;
  std::ptrdiff_t excluded = -1;
  double le = 0;
  if (type == MetricType::kStateset) {
    excluded = find_label(labels, family.name);
    if (excluded < 0) {
      return fail(err, line_offset, "expected a label named '", family.name,
                  "' on a stateset sample");
    }
  } else if (is_histogram(type) && kind == SuffixKind::kBucket) {
    // bucket_bound() advances bound_pos_; any other sample ends a run of buckets.
    excluded = find_label(labels, "le");
    if (excluded < 0) return fail(err, line_offset, "expected an 'le' label on a bucket");
    if (!bucket_bound(input, labels[static_cast<std::size_t>(excluded)].value, &le)) {
      return fail(err, line_offset, "expected a number or '+Inf' as 'le' label value");
    }
  } else if (type == MetricType::kSummary && kind == SuffixKind::kNone) {
    excluded = find_label(labels, "quantile");
    double q = -1;
    if (excluded < 0 || !parse_number(labels[static_cast<std::size_t>(excluded)].value, &q) ||
        !(q >= 0 && q <= 1)) {
      return fail(err, line_offset, "expected a 'quantile' label between 0 and 1");
    }
  }

  if (kind != SuffixKind::kBucket) bound_pos_ = 0;

  // Consecutive samples of a series are written alike, so the same label text (one
  // comparison) decides most samples; same_group() decides the rest.
  LabelText text;
  const bool has_runs = label_text(input, labels, excluded, &text);
  bool same = false;
  if (has_prev_) {
    same = type == MetricType::kInfo ||  // info samples form one group, as in the reference
           (has_runs && prev_has_runs_ && equal_bytes(text.first, prev_text_.first) &&
            equal_bytes(text.second, prev_text_.second)) ||
           same_group(prev_labels_, prev_excluded_, labels, excluded);
  }
  if (!same) {
    const std::uint64_t h = type == MetricType::kInfo ? 0 : group_hash(labels, excluded);
    if (!groups_.insert(h)) {
      return fail(err, line_offset, "expected the samples of a series to be contiguous");
    }
  } else {
    if (sample.has_timestamp != prev_has_timestamp_) {
      return fail(err, line_offset,
                  "expected all samples of a series to have a timestamp, or none");
    }
    if (sample.has_timestamp && sample.timestamp < prev_timestamp_ && type != MetricType::kInfo) {
      return fail(err, line_offset, "expected timestamps of a series not to go backwards");
    }
  }

  const double v = sample.value;
  if (type == MetricType::kStateset && v != 0 && v != 1) {
    return fail(err, line.value_offset, "expected 0 or 1 as stateset value");
  }
  if (type == MetricType::kInfo && v != 1) {
    return fail(err, line.value_offset, "expected 1 as info value");
  }
  if (type == MetricType::kSummary && kind == SuffixKind::kNone && v < 0) {
    return fail(err, line.value_offset, "expected a non-negative quantile value");
  }
  switch (kind) {
    case SuffixKind::kTotal:
    case SuffixKind::kSum:
    case SuffixKind::kCount:
    case SuffixKind::kBucket:
    case SuffixKind::kGCount:
    case SuffixKind::kGSum:
      if (std::isnan(v)) {
        return fail(err, line.value_offset, "expected a number other than NaN as ",
                    suffix_name(kind), " value");
      }
      if (v < 0 && kind != SuffixKind::kGSum) {
        return fail(err, line.value_offset, "expected a non-negative ", suffix_name(kind),
                    " value");
      }
      break;
    default:
      break;
  }

  if (sample.exemplar != nullptr) {
    const bool allowed = (is_histogram(type) && kind == SuffixKind::kBucket) ||
                         (type == MetricType::kCounter && kind == SuffixKind::kTotal);
    if (!allowed) {
      return fail(err, line.exemplar_offset,
                  "expected exemplars only on histogram buckets and counter _total samples");
    }
    std::size_t chars = 0;
    for (const Label& l : sample.exemplar->labels) {
      chars += count_code_points(l.name) + count_code_points(l.value);
    }
    if (chars > kMaxExemplarChars) {
      return fail(err, line.exemplar_offset, "expected exemplar labels of at most 128 characters");
    }
  }

  if (is_histogram(type)) {
    const bool new_series = !same || sample.has_timestamp != prev_has_timestamp_ ||
                            (sample.has_timestamp && sample.timestamp != prev_timestamp_);
    if (new_series) {
      if (series_.active && !close_histogram_series(err)) return false;
      series_ = {};
      series_.active = true;
    }
    if (!add_histogram_sample(kind, le, sample, line_offset, err)) return false;
  }

  has_prev_ = true;
  prev_labels_ = labels;
  prev_has_runs_ = has_runs;
  prev_text_ = text;
  prev_excluded_ = excluded;
  prev_has_timestamp_ = sample.has_timestamp;
  prev_timestamp_ = sample.timestamp;
  return true;
}

namespace {

// The low `n` bytes of a word (n <= 8) as a mask.
std::uint64_t low_bytes(std::size_t n) noexcept {
  return n >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
}

}  // namespace

bool OmValidator::bucket_bound(std::string_view input, std::string_view text, double* le) noexcept {
  const std::size_t n = text.size();
  const std::size_t pos = bound_pos_;
  // The bound as two zero-padded words, when 16 bytes can be read from its start (a value
  // in the input is followed by at least its quote, brace and the sample's value).
  const auto at = reinterpret_cast<std::uintptr_t>(text.data()) -
                  reinterpret_cast<std::uintptr_t>(input.data());
  const bool cacheable =
      pos < kBoundSlots && n <= 16 && at <= input.size() && input.size() - at >= 16;
  std::uint64_t w0 = 0, w1 = 0;
  if (cacheable) {
    std::memcpy(&w0, text.data(), 8);
    std::memcpy(&w1, text.data() + 8, 8);
    w0 &= low_bytes(n);
    w1 &= n > 8 ? low_bytes(n - 8) : 0;
    const BoundSlot& slot = bounds_[pos];
    if (slot.size == n && slot.word[0] == w0 && slot.word[1] == w1) {
      *le = slot.value;
      bound_pos_ = std::isinf(slot.value) ? 0 : pos + 1;  // +Inf ends the series' buckets
      return true;
    }
  }
  // +Inf is the one bound with a canonical spelling (the spec's "+Inf"), as in the reference
  // parser.
  double v = 0;
  if (!parse_number(text, &v) || std::isnan(v) || (std::isinf(v) && v > 0 && text != "+Inf")) {
    return false;
  }
  if (cacheable) {
    BoundSlot& slot = bounds_[pos];
    slot.word[0] = w0;
    slot.word[1] = w1;
    slot.size = static_cast<std::uint8_t>(n);
    slot.value = v;
  }
  *le = v;
  bound_pos_ = std::isinf(v) ? 0 : pos + 1;
  return true;
}

bool OmValidator::add_histogram_sample(SuffixKind kind, double le, const Sample& sample,
                                       std::size_t line_offset, ParseError* err) {
  HistogramSeries& s = series_;
  s.last_offset = line_offset;
  switch (kind) {
    case SuffixKind::kBucket:
      if (s.has_bucket && le <= s.last_le) {
        return fail(err, line_offset, "expected buckets in increasing 'le' order");
      }
      if (sample.value < s.last_value) {
        return fail(err, line_offset, "expected bucket values not to decrease");
      }
      s.has_bucket = true;
      s.last_le = le;
      s.last_value = sample.value;
      if (le < 0) s.negative_bucket = true;
      break;
    case SuffixKind::kCount:
    case SuffixKind::kGCount:
      s.has_count = true;
      s.count = sample.value;
      s.count_offset = line_offset;
      break;
    case SuffixKind::kSum:
      s.has_sum = true;
      break;
    case SuffixKind::kGSum:
      s.has_gsum = true;
      if (sample.value < 0) s.negative_gsum = true;
      break;
    default:
      break;
  }
  return true;
}

bool OmValidator::close_histogram_series(ParseError* err) {
  const HistogramSeries& s = series_;
  if (!s.has_bucket || s.last_le != std::numeric_limits<double>::infinity()) {
    return fail(err, s.last_offset, "expected a '+Inf' bucket in every histogram series");
  }
  if (s.has_count && s.count != s.last_value) {
    return fail(err, s.count_offset, "expected the count to equal the '+Inf' bucket");
  }
  if (s.has_sum && !s.has_count) {
    return fail(err, s.last_offset, "expected _count with _sum");
  }
  if (s.has_gsum && !s.has_count) {
    return fail(err, s.last_offset, "expected _gcount with _gsum");
  }
  if (s.has_count && !s.has_sum && !s.has_gsum) {
    return fail(err, s.last_offset, "expected _sum with _count");
  }
  if (s.negative_bucket && s.has_sum) {
    return fail(err, s.last_offset, "expected no _sum in a histogram with negative buckets");
  }
  if (!s.negative_bucket && s.negative_gsum) {
    return fail(err, s.last_offset, "expected a non-negative _gsum without negative buckets");
  }
  return true;
}

bool OmValidator::end_family(ParseError* err) {
  const bool ok = !series_.active || close_histogram_series(err);
  series_ = {};
  has_prev_ = false;
  return ok;
}

}  // namespace kcheck::parse
