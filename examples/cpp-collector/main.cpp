// A minimal collector that links the check as a C++ library (find_package(kcheck) and
// kcheck::check) instead of loading the plugin: configure one instance, run it once, print
// what it submits.
//
//   cpp-collector INSTANCE.yaml|URL [INIT_CONFIG.yaml]
//   cpp-collector http://127.0.0.1:9090/metrics
//   cpp-collector instance.yaml init_config.yaml
//
// INSTANCE.yaml is one element of a conf.yaml's `instances` (YAML or JSON); a URL stands for
// `openmetrics_endpoint: URL`. Exit status: 0 when the run succeeded, 1 when it failed, 2 on
// a usage or configuration error.
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <kcheck/check.hpp>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace {

/// Prints every submission on stdout, one per line.
class PrintSink final : public kcheck::Sink {
 public:
  void submit_metric(std::string_view name, kcheck::SubmitType type, double value,
                     std::span<const std::string_view> tags, std::string_view hostname,
                     bool /*flush_first_value*/) override {
    ++metrics_;
    std::cout << "metric " << kcheck::submit_type_name(type) << ' ' << name << " = "
              << number(value);
    print_tags(tags, hostname);
    std::cout << '\n';
  }

  void submit_service_check(std::string_view name, kcheck::CheckStatus status,
                            std::span<const std::string_view> tags, std::string_view hostname,
                            std::string_view message) override {
    ++service_checks_;
    std::cout << "service_check " << name << ' ' << kcheck::check_status_name(status);
    print_tags(tags, hostname);
    if (!message.empty()) std::cout << " message: " << message;
    std::cout << '\n';
  }

  void submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                               double upper_bound, bool /*monotonic*/,
                               std::span<const std::string_view> tags, std::string_view hostname,
                               bool /*flush_first_value*/) override {
    ++buckets_;
    std::cout << "histogram_bucket " << name << " (" << number(lower_bound) << ", "
              << number(upper_bound) << "] = " << value;
    print_tags(tags, hostname);
    std::cout << '\n';
  }

  void log(kcheck::LogLevel level, std::string_view message) override {
    std::cerr << kcheck::log_level_name(level) << ": " << message << '\n';
  }

  void print_summary() const {
    std::cout << "submitted " << metrics_ << " metrics, " << service_checks_ << " service checks, "
              << buckets_ << " histogram buckets\n";
  }

 private:
  /// Shortest text that reads back as the same double (locale-independent).
  static std::string number(double v) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("?");
  }

  static void print_tags(std::span<const std::string_view> tags, std::string_view hostname) {
    std::cout << " [";
    for (std::size_t i = 0; i < tags.size(); ++i) std::cout << (i == 0 ? "" : ", ") << tags[i];
    std::cout << ']';
    if (!hostname.empty()) std::cout << " host:" << hostname;
  }

  unsigned long metrics_ = 0;
  unsigned long service_checks_ = 0;
  unsigned long buckets_ = 0;
};

bool read_file(const char* path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

bool is_url(std::string_view arg) {
  return arg.starts_with("http://") || arg.starts_with("https://");
}

/// `{"openmetrics_endpoint": "<url>"}`, the URL escaped as a JSON string.
std::string instance_for_url(std::string_view url) {
  std::string json = "{\"openmetrics_endpoint\": \"";
  for (char c : url) {
    if (c == '"' || c == '\\') json += '\\';
    json += c;
  }
  return json + "\"}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: " << argv[0] << " INSTANCE.yaml|URL [INIT_CONFIG.yaml]\n";
    return 2;
  }
  std::string instance;
  if (is_url(argv[1])) {
    instance = instance_for_url(argv[1]);
  } else if (!read_file(argv[1], instance)) {
    std::cerr << "error: cannot read instance file " << argv[1] << '\n';
    return 2;
  }
  std::string init_config = "{}";
  if (argc == 3 && !read_file(argv[2], init_config)) {
    std::cerr << "error: cannot read init_config file " << argv[2] << '\n';
    return 2;
  }

  auto check = kcheck::KrakendCheck::create(init_config, instance);
  if (!check.ok()) {
    std::cerr << "error: configuration: " << check.status().message() << '\n';
    return 2;
  }
  std::cerr << "scraping " << check->endpoint() << '\n';

  PrintSink sink;
  const kcheck::Status status = check->run(sink);
  sink.print_summary();
  if (!status.ok()) {
    std::cerr << "error: run failed (" << kcheck::status_code_name(status.code())
              << "): " << status.message() << '\n';
    return 1;
  }
  return 0;
}
