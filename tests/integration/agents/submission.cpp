#include "submission.hpp"

#include <sstream>

namespace kcheck::test {

namespace {

std::vector<std::string> copy_tags(std::span<const std::string_view> tags) {
  return {tags.begin(), tags.end()};
}

}  // namespace

std::string to_string(const Submission& s) {
  std::ostringstream out;
  static constexpr const char* kKinds[] = {"metric", "service_check", "bucket", "log"};
  out << kKinds[static_cast<int>(s.kind)] << " " << s.name << " type=" << s.type
      << " value=" << s.value << " count=" << s.count << " bounds=(" << s.lower_bound << ","
      << s.upper_bound << "] monotonic=" << s.monotonic << " host='" << s.hostname
      << "' flush=" << s.flush_first_value << " message='" << s.message << "' tags=[";
  for (std::size_t i = 0; i < s.tags.size(); ++i) out << (i ? "," : "") << s.tags[i];
  out << "]";
  return out.str();
}

std::string to_string(const std::vector<Submission>& list) {
  std::string out;
  for (const Submission& s : list) out += to_string(s) + "\n";
  return out;
}

void RecordingSink::submit_metric(std::string_view name, SubmitType type, double value,
                                  std::span<const std::string_view> tags, std::string_view hostname,
                                  bool flush_first_value) {
  Submission s;
  s.kind = Submission::Kind::kMetric;
  s.name = name;
  s.type = static_cast<int>(type);
  s.value = value;
  s.tags = copy_tags(tags);
  s.hostname = hostname;
  s.flush_first_value = flush_first_value;
  submissions.push_back(std::move(s));
}

void RecordingSink::submit_service_check(std::string_view name, CheckStatus status,
                                         std::span<const std::string_view> tags,
                                         std::string_view hostname, std::string_view message) {
  Submission s;
  s.kind = Submission::Kind::kServiceCheck;
  s.name = name;
  s.type = static_cast<int>(status);
  s.tags = copy_tags(tags);
  s.hostname = hostname;
  s.message = message;
  submissions.push_back(std::move(s));
}

void RecordingSink::submit_histogram_bucket(std::string_view name, int64_t value,
                                            double lower_bound, double upper_bound, bool monotonic,
                                            std::span<const std::string_view> tags,
                                            std::string_view hostname, bool flush_first_value) {
  Submission s;
  s.kind = Submission::Kind::kBucket;
  s.name = name;
  s.count = static_cast<long long>(value);
  s.lower_bound = static_cast<float>(lower_bound);
  s.upper_bound = static_cast<float>(upper_bound);
  s.monotonic = monotonic ? 1 : 0;
  s.tags = copy_tags(tags);
  s.hostname = hostname;
  s.flush_first_value = flush_first_value;
  submissions.push_back(std::move(s));
}

void RecordingSink::log(LogLevel level, std::string_view message) {
  Submission s;
  s.kind = Submission::Kind::kLog;
  s.name = message;
  s.type = static_cast<int>(level);
  logs.push_back(std::move(s));
}

}  // namespace kcheck::test
