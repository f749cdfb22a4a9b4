// The vector scanners (scan.hpp: SSE2 on x86-64, NEON on AArch64; line_classify_avx2.cpp)
// against byte-at-a-time readings: every byte value at every position around the 16-byte
// steps and the 64-byte blocks, and random input. The arm64 stage of scripts/test.sh runs
// these under qemu-aarch64, where the NEON code is the one under test.
#include "scan.hpp"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "line_classify.hpp"
#include "rng.hpp"

using kcheck::parse::BlockMasks;
using kcheck::parse::kMaxLineBlocks;
using kcheck::parse::kUnclassified;
using kcheck::test::Rng;

namespace {

// The grammar's byte classes written out again, independently of char_class.hpp's tables.
bool is_name_byte(char c, bool colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (colon && c == ':');
}
bool is_special(char c) {
  return c == '\\' || c == '\n' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_value_stop(char c) {
  return c == '"' || is_special(c);
}

std::size_t first_value_stop(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && !is_value_stop(s[i])) ++i;
  return i;
}
std::size_t first_name_end(const std::string& s, bool colon) {
  std::size_t i = 0;
  while (i < s.size() && is_name_byte(s[i], colon)) ++i;
  return i;
}

bool same(const BlockMasks& a, const BlockMasks& b) {
  return a.name_stop == b.name_stop && a.value_stop == b.value_stop && a.special == b.special;
}

// Bytes a block is filled with around the byte under test: name bytes, each stop, non-ASCII.
constexpr unsigned char kBackgrounds[] = {'a', '_', '"', '\\', '\n', 0x00, 0x7f, 0x80, 0xff};

struct NamedClassifier {
  std::string name;
  kcheck::parse::ClassifyLineFn classify;
};

// Every line classifier this CPU runs, but the scalar reference itself.
std::vector<NamedClassifier> vector_classifiers() {
  std::vector<NamedClassifier> all = {
      {std::string("portable (") + kcheck::parse::kScanVectorIsa + ")",
       kcheck::parse::classify_line_portable}};
#if defined(KCHECK_HAVE_AVX2_CLASSIFIER)
  if (kcheck::parse::avx2_supported()) all.push_back({"AVX2", kcheck::parse::classify_line_avx2});
#endif
  return all;
}

// Empty when the classifier's answer and masks equal the scalar reference's for the line
// in `text`; otherwise what differs. (No assertion per call: the loops below make many.)
std::string line_difference(const NamedClassifier& c, const std::string& text) {
  std::uint64_t name_a[kMaxLineBlocks];
  std::uint64_t value_a[kMaxLineBlocks];
  std::uint64_t name_b[kMaxLineBlocks];
  std::uint64_t value_b[kMaxLineBlocks];
  const char* const end = text.data() + text.size();
  const std::size_t a = kcheck::parse::classify_line_scalar(text.data(), end, name_a, value_a);
  const std::size_t b = c.classify(text.data(), end, name_b, value_b);
  if (a != b)
    return c.name + ": first special byte " + std::to_string(b) + ", not " + std::to_string(a);
  if (a == kUnclassified) return {};
  for (std::size_t n = 0; n <= a / 64; ++n) {
    if (name_a[n] != name_b[n]) return c.name + ": name stops of block " + std::to_string(n);
    if (value_a[n] != value_b[n]) return c.name + ": value stops of block " + std::to_string(n);
  }
  return {};
}

}  // namespace

TEST_CASE("Every byte value at every position of a block gets the scalar block masks",
          "[parse][scan]") {
  INFO("vector scanner: " << kcheck::parse::kScanVectorIsa);
  char block[64];
  for (const unsigned char background : kBackgrounds) {
    for (std::size_t pos = 0; pos < 64; ++pos) {
      for (int byte = 0; byte < 256; ++byte) {
        for (char& c : block) c = static_cast<char>(background);
        block[pos] = static_cast<char>(byte);
        if (!same(kcheck::parse::classify_block(block),
                  kcheck::parse::classify_block_scalar(block))) {
          FAIL("background " << int{background} << ", byte " << byte << " at " << pos);
        }
      }
    }
  }
}

TEST_CASE("The vector and the scalar block masks match a byte-by-byte reading", "[parse][scan]") {
  INFO("vector scanner: " << kcheck::parse::kScanVectorIsa);
  Rng rng(7);
  char block[64];
  for (int round = 0; round < 2000; ++round) {
    for (char& c : block) c = static_cast<char>(rng.next());
    if (round % 2 == 0) {  // mostly ASCII, as real lines
      for (char& c : block) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
    }
    const BlockMasks m = kcheck::parse::classify_block(block);
    REQUIRE(same(m, kcheck::parse::classify_block_scalar(block)));
    for (unsigned i = 0; i < 64; ++i) {
      const char c = block[i];
      INFO("byte " << static_cast<int>(static_cast<unsigned char>(c)));
      REQUIRE(((m.name_stop >> i) & 1u) == (is_name_byte(c, false) ? 0u : 1u));
      REQUIRE(((m.special >> i) & 1u) == (is_special(c) ? 1u : 0u));
      REQUIRE(((m.value_stop >> i) & 1u) == (is_value_stop(c) ? 1u : 0u));
    }
  }
}

TEST_CASE("The value and name scanners find the first stop wherever it is and whatever it is",
          "[parse][scan]") {
  // Every length up to three 16-byte steps: the byte under test lands before, on and after
  // each step's edge, in the vector loop and in the scalar tail. A later stop (or none)
  // checks that the first one wins.
  INFO("vector scanner: " << kcheck::parse::kScanVectorIsa);
  for (std::size_t len = 1; len <= 49; ++len) {
    for (const bool later_stop : {false, true}) {
      for (std::size_t pos = 0; pos < len; ++pos) {
        for (int byte = 0; byte < 256; ++byte) {
          std::string s(len, 'a');
          if (later_stop) s[len - 1] = '"';  // a value stop, and a name stop
          s[pos] = static_cast<char>(byte);
          const char* const b = s.data();
          const char* const e = b + len;
          const auto value = static_cast<std::size_t>(kcheck::parse::find_value_stop(b, e) - b);
          const auto label =
              static_cast<std::size_t>(kcheck::parse::find_name_end<false>(b, e) - b);
          const auto metric =
              static_cast<std::size_t>(kcheck::parse::find_name_end<true>(b, e) - b);
          if (value != first_value_stop(s) || label != first_name_end(s, false) ||
              metric != first_name_end(s, true)) {
            FAIL("byte " << byte << " at " << pos << " of " << len << ": value stop " << value
                         << ", label name end " << label << ", metric name end " << metric);
          }
        }
      }
    }
  }
}

TEST_CASE("Every line classifier gives the scalar reference's masks", "[parse][scan]") {
  for (const NamedClassifier& classifier : vector_classifiers()) {
    SECTION(classifier.name + ": every byte value at every position of the first two blocks") {
      // A line of three blocks whose first special byte is the byte under test or, when
      // that is not special, the '\n' in the third block.
      std::string line(64 * 3, 'a');
      line[150] = '\n';
      for (std::size_t pos = 0; pos < 128; ++pos) {
        for (int byte = 0; byte < 256; ++byte) {
          std::string text = line;
          text[pos] = static_cast<char>(byte);
          const std::string why = line_difference(classifier, text);
          if (!why.empty()) FAIL(why << " (byte " << byte << " at " << pos << ")");
        }
      }
    }
    SECTION(classifier.name + ": random lines") {
      Rng rng(9);
      for (int round = 0; round < 2000; ++round) {
        // Lines of a few blocks ending at a special byte, or none at all (then
        // kUnclassified); mostly the bytes of real lines, and any byte at all now and then.
        std::string text(64 * 6, 'a');
        for (char& c : text) {
          const std::uint64_t r = rng.next();
          c = (r & 3) == 0 ? "{}=\",_:aZ9 -."[r % 13] : static_cast<char>('a' + (r >> 8) % 26);
          if (round % 4 == 3 && (r & 0xf0) == 0) c = static_cast<char>(r >> 16);
        }
        if (round % 3 != 0) text[rng.below(text.size())] = "\\\n\x80"[rng.below(3)];
        // Lines that end before the input does, and some too near its end to classify.
        // erase, not resize: at -O1 g++ 12 sees resize's fill as an overflow (a false
        // -Wstringop-overflow inside libstdc++).
        text.erase(text.size() - rng.below(100));
        REQUIRE(line_difference(classifier, text) == "");
      }
    }
  }
}

TEST_CASE("Lines longer than the classifiers' reach or too near the end are not classified",
          "[parse][scan]") {
  for (const NamedClassifier& classifier : vector_classifiers()) {
    INFO(classifier.name);
    std::uint64_t name[kMaxLineBlocks];
    std::uint64_t value[kMaxLineBlocks];
    // No special byte in kMaxLineBlocks blocks.
    const std::string long_line(64 * kMaxLineBlocks + 64, 'a');
    CHECK(classifier.classify(long_line.data(), long_line.data() + long_line.size(), name, value) ==
          kUnclassified);
    // The '\n' is in the second block, which the input does not hold whole.
    const std::string short_input = std::string(100, 'a') + "\n" + std::string(20, 'a');
    CHECK(classifier.classify(short_input.data(), short_input.data() + short_input.size(), name,
                              value) == kUnclassified);
    CHECK(line_difference(classifier, long_line) == "");
    CHECK(line_difference(classifier, short_input) == "");
  }
}
