#include "metric_type.hpp"

#include <array>

#include "char_class.hpp"

namespace kcheck::parse {
namespace {

using K = SuffixKind;

constexpr SuffixRule kPlain[] = {{"", K::kNone}};
constexpr SuffixRule kPromCounter[] = {{"", K::kNone}, {"_total", K::kTotal}};
constexpr SuffixRule kPromHistogram[] = {
    {"_bucket", K::kBucket}, {"_sum", K::kSum}, {"_count", K::kCount}};
constexpr SuffixRule kPromSummary[] = {{"", K::kNone}, {"_sum", K::kSum}, {"_count", K::kCount}};

constexpr SuffixRule kOmCounter[] = {{"_total", K::kTotal}, {"_created", K::kCreated}};
constexpr SuffixRule kOmHistogram[] = {
    {"_bucket", K::kBucket}, {"_count", K::kCount}, {"_sum", K::kSum}, {"_created", K::kCreated}};
constexpr SuffixRule kOmGaugeHistogram[] = {
    {"_bucket", K::kBucket}, {"_gcount", K::kGCount}, {"_gsum", K::kGSum}};
constexpr SuffixRule kOmSummary[] = {
    {"", K::kNone}, {"_count", K::kCount}, {"_sum", K::kSum}, {"_created", K::kCreated}};
constexpr SuffixRule kOmInfo[] = {{"_info", K::kInfo}};

constexpr SuffixRule kPromAny[] = {{"", K::kNone},
                                   {"_total", K::kTotal},
                                   {"_bucket", K::kBucket},
                                   {"_sum", K::kSum},
                                   {"_count", K::kCount}};
constexpr SuffixRule kOmAny[] = {
    {"", K::kNone},          {"_total", K::kTotal}, {"_created", K::kCreated},
    {"_bucket", K::kBucket}, {"_count", K::kCount}, {"_sum", K::kSum},
    {"_gcount", K::kGCount}, {"_gsum", K::kGSum},   {"_info", K::kInfo}};

struct TypeWord {
  std::string_view word;
  MetricType type;
};

constexpr std::array<TypeWord, 5> kPromTypes = {{{"counter", MetricType::kCounter},
                                                 {"gauge", MetricType::kGauge},
                                                 {"histogram", MetricType::kHistogram},
                                                 {"summary", MetricType::kSummary},
                                                 {"untyped", MetricType::kUnknown}}};

constexpr std::array<TypeWord, 8> kOmTypes = {{{"counter", MetricType::kCounter},
                                               {"gauge", MetricType::kGauge},
                                               {"histogram", MetricType::kHistogram},
                                               {"gaugehistogram", MetricType::kGaugeHistogram},
                                               {"stateset", MetricType::kStateset},
                                               {"info", MetricType::kInfo},
                                               {"summary", MetricType::kSummary},
                                               {"unknown", MetricType::kUnknown}}};

}  // namespace

std::span<const SuffixRule> owned_suffixes(Format format, MetricType type) noexcept {
  if (format == Format::kPrometheus) {
    switch (type) {
      case MetricType::kCounter:
        return kPromCounter;
      case MetricType::kHistogram:
        return kPromHistogram;
      case MetricType::kSummary:
        return kPromSummary;
      default:
        return kPlain;
    }
  }
  switch (type) {
    case MetricType::kCounter:
      return kOmCounter;
    case MetricType::kHistogram:
      return kOmHistogram;
    case MetricType::kGaugeHistogram:
      return kOmGaugeHistogram;
    case MetricType::kSummary:
      return kOmSummary;
    case MetricType::kInfo:
      return kOmInfo;
    default:
      return kPlain;
  }
}

std::span<const SuffixRule> any_suffixes(Format format) noexcept {
  if (format == Format::kPrometheus) return kPromAny;
  return kOmAny;
}

bool parse_metric_type(std::string_view word, Format format, MetricType* out) noexcept {
  if (format == Format::kPrometheus) {
    for (const TypeWord& t : kPromTypes) {
      if (equals_ignore_case(word, t.word)) {
        *out = t.type;
        return true;
      }
    }
    return false;
  }
  for (const TypeWord& t : kOmTypes) {
    if (word == t.word) {
      *out = t.type;
      return true;
    }
  }
  return false;
}

}  // namespace kcheck::parse

namespace kcheck {

std::string_view metric_type_name(MetricType type) noexcept {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kSummary:
      return "summary";
    case MetricType::kInfo:
      return "info";
    case MetricType::kStateset:
      return "stateset";
    case MetricType::kGaugeHistogram:
      return "gaugehistogram";
    case MetricType::kUnknown:
      break;
  }
  return "unknown";
}

Format format_from_content_type(std::string_view content_type) noexcept {
  // Media types are case-insensitive and may carry leading blanks and parameters.
  constexpr std::string_view kOm = "application/openmetrics-text";
  std::size_t i = 0;
  while (i < content_type.size() && (content_type[i] == ' ' || content_type[i] == '\t')) ++i;
  const std::string_view rest = content_type.substr(i);
  if (rest.size() < kOm.size() || !parse::equals_ignore_case(rest.substr(0, kOm.size()), kOm)) {
    return Format::kPrometheus;
  }
  if (rest.size() == kOm.size()) return Format::kOpenMetrics;
  const char next = rest[kOm.size()];
  return (next == ';' || next == ' ' || next == '\t') ? Format::kOpenMetrics : Format::kPrometheus;
}

}  // namespace kcheck
