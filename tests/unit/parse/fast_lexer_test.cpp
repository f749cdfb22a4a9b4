// The sample lexer's fast path (fast_sample_lexer.cpp) against the general lexer: the same
// result for every line, and which lines it takes, with each line classifier this CPU runs.
// The classifiers' own masks are compared with the scalar reference in scan_test.cpp.
#include <catch2/catch.hpp>
#include <string>

#include "lexer_diff.hpp"
#include "line_classify.hpp"
#include "rng.hpp"
#include "scan.hpp"

using kcheck::Format;
using kcheck::fuzz::compare_lexers;
using kcheck::parse::kMaxLineBlocks;
using kcheck::test::Rng;

namespace {

const std::string kBucket =
    "http_client_duration_bucket{backend_type=\"test_api\",clientname=\"/cancelled/\","
    "http_request_method=\"GET\",http_response_status_code=\"0\",http_route=\"/cancelled/\","
    "krakend_endpoint_method=\"GET\",krakend_endpoint_route=\"/api/cancelled\","
    "otel_scope_name=\"io.krakend.krakend-otel\",otel_scope_version=\"\","
    "server_address=\"api\",server_port=\"80\",le=\"0.01\"} 0";

// What follows a line under test so that its 64-byte blocks fit in the input.
const std::string kPadding(2 * 64 * kMaxLineBlocks, '\n');

bool fast_takes(const std::string& line) {
  const std::string input = line + "\n" + kPadding;
  kcheck::parse::LabelBuffer buf;
  kcheck::parse::SampleLine sample;
  std::size_t next = 0;
  return kcheck::parse::lex_sample_fast(input, 0, &buf, &sample, &next);
}

void check_same(const std::string& input) {
  for (const Format format : {Format::kPrometheus, Format::kOpenMetrics}) {
    INFO((format == Format::kPrometheus ? "0.0.4: " : "OpenMetrics: ") << input.substr(0, 200));
    CHECK(compare_lexers(input, 0, format).empty());
  }
}

// The fast lexer runs with the classifier chosen here until the end of the test run that
// chose it. Test cases GENERATE each one in turn: both on a CPU with AVX2, else the portable.
class Classifier {
 public:
  enum Which { kPortable, kAvx2 };
  explicit Classifier(Which which) : which_(which) {
    kcheck::parse::use_line_classifier(which == kPortable ? kcheck::parse::classify_line_portable
                                                          : avx2_or_null());
  }
  ~Classifier() { kcheck::parse::use_line_classifier(nullptr); }
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  bool available() const { return which_ == kPortable || avx2_or_null() != nullptr; }
  std::string name() const {
    return which_ == kPortable
               ? std::string("portable classifier (") + kcheck::parse::kScanVectorIsa + ")"
               : "AVX2 classifier";
  }

 private:
  static kcheck::parse::ClassifyLineFn avx2_or_null() {
#if defined(KCHECK_HAVE_AVX2_CLASSIFIER)
    if (kcheck::parse::avx2_supported()) return kcheck::parse::classify_line_avx2;
#endif
    return nullptr;
  }
  Which which_;
};

#define WITH_EACH_CLASSIFIER()                                                     \
  const Classifier classifier(GENERATE(Classifier::kPortable, Classifier::kAvx2)); \
  if (!classifier.available()) return;                                             \
  INFO(classifier.name())

}  // namespace

TEST_CASE("The fast path takes the lines exporters write", "[parse][fast]") {
  WITH_EACH_CLASSIFIER();
  const std::string lines[] = {
      kBucket, "go_goroutines 12", "up{} 1",
      "job:http_requests:rate5m{job=\"api\",instance=\"10.0.0.1:9090\"} 0.25", "x{le=\"+Inf\"} NaN",
      "x{a=\"\"} -1.5e-3",
      // Names and values longer than one 64-bit window.
      std::string(70, 'm') + "{a=\"1\"} 1", "v{a=\"" + std::string(300, 'v') + "\"} 2",
      // Label values may hold every ASCII byte but the three that need escapes.
      "v{a=\" !#$%&'()*+,-./:;<=>?@[]^_`{|}~\"} 3",
      // Values beyond double's range, both ways.
      "v{a=\"1\"} 1e400", "v -1e-400"};
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(fast_takes(line));
    check_same(line + "\n" + kPadding);
  }
}
TEST_CASE("The fast path leaves other shapes and every error to the general lexer",
          "[parse][fast]") {
  WITH_EACH_CLASSIFIER();
  const std::string line = GENERATE(
      // Valid, but not the fast shape (some only in 0.0.4).
      "x{a=\"1\",} 3", "x{a=\"1\", b=\"2\"} 3", "x { a = \"1\" } 3", "x  3", "x\t3",
      "x{a=\"1\"}  3", "x{a=\"1\"} 3 ", "x{a=\"1\"} 3 1700000000000",
      "x_total{a=\"1\"} 6 # {trace_id=\"abc\"} 1.5 1700000000.1", "x{a=\"b\\\"c\"} 1",
      "x{a=\"b\\\\c\"} 1", "x{a=\"b\\nc\"} 1", "x{city=\"Z\xc3\xbcrich\"} 1", "x 1\r",
      // Errors.
      "x{a=\"1\",a=\"2\"} 3", "x{1a=\"x\"} 1", "x{=\"x\"} 1", "x{a=\"x\"}1", "x{a=\"x\"} ",
      "x{a=x} 1", "x{a\"x\"} 1", "x{a=\"x\"", "x{a=\"x} 1", "x{a=\"x\"} 0x1", "x{a=\"x\"} 1_0",
      "x{a=\"x\"} nan(1)", "x{a=\"x\"}} 1", "x{a=\"x\"},b=\"y\"} 1", "x{a=\"x\";b=\"y\"} 1", "1x 1",
      "x{a=\"\xff\"} 1", "x{a.b=\"x\"} 1",
      // Quoted names (Prometheus 3), valid and not.
      "{\"x.y\"} 1", "{\"x.y\",\"a.b\"=\"1\"} 1", "x{\"a.b\"=\"1\"} 1", "x{a=\"1\",\"b\"=\"2\"} 1",
      "{\"x\\\"y\"} 1", "{\"x\"} 1", "{\"\"} 1", "{\"x} 1", "x{\"a\"=\"1\",a=\"2\"} 1");
  INFO(line);
  CHECK_FALSE(fast_takes(line));
  check_same(line + "\n" + kPadding);
  check_same(line);
}

TEST_CASE("Label names longer than one window go to the general lexer", "[parse][fast]") {
  WITH_EACH_CLASSIFIER();
  // One 64-bit window of the name masks.
  const std::string name(65, 'n');
  CHECK_FALSE(fast_takes("x{" + name + "=\"v\"} 1"));
  check_same("x{" + name + "=\"v\"} 1\n" + kPadding);
  CHECK(fast_takes("x{" + name.substr(1) + "=\"v\"} 1"));
  check_same("x{" + name.substr(1) + "=\"v\"} 1\n" + kPadding);
}

TEST_CASE("Lines near the end of the input or over 2 KiB go to the general lexer",
          "[parse][fast]") {
  WITH_EACH_CLASSIFIER();
  // No final newline, as KrakenD ends its output: the general lexer reads the last line.
  check_same(kBucket);
  check_same(kBucket + "\n");
  std::string long_line = "x{";
  while (long_line.size() < 64 * kMaxLineBlocks)
    long_line += "a" + std::to_string(long_line.size()) + "=\"v\",";
  long_line += "z=\"v\"} 1";
  CHECK_FALSE(fast_takes(long_line));
  check_same(long_line + "\n" + kPadding);
}

TEST_CASE("Any one-byte change of a KrakenD line gets the same answer from both lexers",
          "[parse][fast]") {
  WITH_EACH_CLASSIFIER();
  // Structural bytes, blanks, escapes and non-ASCII weigh more than letters: they are what
  // the fast path must notice.
  static constexpr std::string_view kBytes = "{}=\",\\ \t\n\r#:_.aZ09+-eE\x80\xc3\xff";
  Rng rng(42);
  const std::string base = kBucket + "\n" + kBucket + "\n";
  for (int round = 0; round < 10000; ++round) {
    std::string input = base;
    const int edits = 1 + static_cast<int>(rng.below(3));
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng.below(input.size());
      switch (rng.below(3)) {
        case 0:
          input[at] = kBytes[rng.below(kBytes.size())];
          break;
        case 1:
          input.insert(at, 1, kBytes[rng.below(kBytes.size())]);
          break;
        default:
          input.erase(at, 1);
          break;
      }
    }
    input += kPadding;
    for (const Format format : {Format::kPrometheus, Format::kOpenMetrics}) {
      for (std::size_t pos = 0; pos < input.size() - kPadding.size(); ++pos) {
        if (pos != 0 && input[pos - 1] != '\n') continue;
        const std::string why = compare_lexers(input, pos, format);
        if (!why.empty()) {
          INFO(why << " in: " << input.substr(0, input.size() - kPadding.size()));
          FAIL();
        }
      }
    }
  }
}
