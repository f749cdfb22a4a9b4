// Whatever the bytes, every line is a record (never dropped), the output is valid UTF-8
// JSON, and nothing grows past the line limit.
#include <catch2/catch.hpp>
#include <string>

#include "json_check.hpp"
#include "logs_driver.hpp"
#include "rng.hpp"

using kcheck::logstest::Case;
using kcheck::logstest::records;

namespace {

/// The record of an unparsed line read at the tests' now.
std::string unparsed(std::string_view status, std::string_view message_json) {
  return R"({"timestamp":"2023-11-14T22:13:20.123Z","status":")" + std::string(status) +
         R"(","message":)" + std::string(message_json) +
         R"(,"logger":{"name":"krakend"},"krakend":{"format":"unparsed"}})"
         "\n";
}

}  // namespace

TEST_CASE("lines of no known format are unparsed records, whole", "[logs][hostile]") {
  const auto c = GENERATE(values<Case>({
      {"plain text", "hello world\n", unparsed("info", R"("hello world")")},
      {"krakend-cobra's configuration error keeps its level",
       "ERROR parsing the configuration file: '/etc/krakend/krakend.json': invalid character\n",
       unparsed("error", R"("ERROR parsing the configuration file: '/etc/krakend/krakend.json': )"
                         R"(invalid character")")},
      {"a broken Gin line", "[GIN] 2024/05/30 - 19:08:07 | 2x0 | 1ms | ip | GET \"/\"\n",
       unparsed("info", R"("[GIN] 2024/05/30 - 19:08:07 | 2x0 | 1ms | ip | GET \"/\"")")},
      {"truncated JSON", "{\"@timestamp\":\n", unparsed("info", R"("{\"@timestamp\":")")},
      {"an impossible date", "2024/02/30 11:24:25 KRAKEND INFO: x\n",
       unparsed("info", R"("2024/02/30 11:24:25 KRAKEND INFO: x")")},
      {"an unknown level", "2024/01/17 11:24:25 KRAKEND LOUD: x\n",
       unparsed("info", R"("2024/01/17 11:24:25 KRAKEND LOUD: x")")},
      {"a date and a prefix with nothing after", "2024/01/17 11:24:25 KRAKEND\n",
       unparsed("info", R"("2024/01/17 11:24:25 KRAKEND")")},
      {"a syslog PRI alone", "<13>\n", unparsed("info", R"("<13>")")},
      {"a Gin line that ends inside its fields", "[GIN] 2024/05/30 - 19:08:07 | 200 |\n",
       unparsed("info", R"("[GIN] 2024/05/30 - 19:08:07 | 200 |")")},
      {"a compose-looking prefix before unknown text keeps the whole line", "a | b\n",
       unparsed("info", R"("a | b")")},
      {"colours leave the message", "\x1b[1;32mgreen\x1b[0m text\n",
       unparsed("info", R"("green text")")},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}

TEST_CASE("control bytes are escaped and invalid UTF-8 becomes U+FFFD", "[logs][hostile]") {
  const auto c = GENERATE(values<Case>({
      {"NUL, DEL, a bell and 0xFF", std::string("a\0b\x7f\x07\xff", 6) + "\n",
       unparsed("info", R"("a\u0000b\u007f\u0007�")")},
      {"an overlong NUL, a surrogate, a cut sequence, a lone continuation byte",
       "x\xC0\x80y\xED\xA0\x80z\xE2\x96w\x80\n", unparsed("info", R"("x��y���z��w�")")},
      {"valid multi-byte text passes", "caf\xC3\xA9 \xE2\x96\xB6 \xF0\x9F\x98\x80\n",
       unparsed("info", R"("café ▶ 😀")")},
      {"a tab and CRLF", "a\tb\r\n", unparsed("info", R"("a\tb")")},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}

TEST_CASE("blank lines between records are not records", "[logs][hostile]") {
  CHECK(records("\n  \n\t\r\nhello\n\n") == unparsed("info", R"("hello")"));
}

TEST_CASE("a line over the limit is cut and marked, and the next line is read", "[logs][hostile]") {
  const std::size_t length = GENERATE(std::size_t{300} * 1024, std::size_t{1024} * 1024);
  const std::string line(length, 'a');
  const std::string expected =
      R"({"timestamp":"2023-11-14T22:13:20.123Z","status":"info","message":")" +
      std::string(256 * 1024, 'a') +
      R"(","logger":{"name":"krakend"},"krakend":{"format":"unparsed","truncated":true}})"
      "\n" +
      unparsed("info", R"("next")");
  INFO(length);
  CHECK(records(line + "\nnext\n") == expected);
}

TEST_CASE("a multi-line record over the limit keeps its head and is marked", "[logs][hostile]") {
  // 64 bytes keep the head (12 with its newline) and two frames of 22.
  std::string input = "panic: boom\n";
  for (int i = 0; i < 20; ++i) input += "\t/app/frame.go:" + std::to_string(i) + " +0x1\n";
  const std::string out = records(input, {nullptr, 64});
  CHECK(out ==
        R"({"timestamp":"2023-11-14T22:13:20.123Z","status":"critical","message":"panic: boom",)"
        R"("logger":{"name":"runtime"},"krakend":{"format":"panic","truncated":true},)"
        R"("error":{"message":"boom","kind":"other","stack":"\t/app/frame.go:0 +0x1\n\t/app/)"
        R"(frame.go:1 +0x1"}})"
        "\n");
}

TEST_CASE("random bytes always give valid JSON records of valid UTF-8", "[logs][hostile]") {
  kcheck::test::Rng rng(GENERATE(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u));
  // Bytes biased towards what the readers look for, so that they get deep into formats.
  static const std::string kPieces[] = {"[GIN] 2024/05/30 - 19:08:07 | ",
                                        "200 | ",
                                        "1m0s",
                                        " | ",
                                        "\"/\\u00e9\\x\"",
                                        "\n",
                                        "Error #01: ",
                                        "     Meta: ",
                                        "panic: ",
                                        "\x1b[31m",
                                        "\xE2\x96\xB6 ",
                                        "ERROR ",
                                        "2024/01/17 11:24:25 ",
                                        "KRAKEND ",
                                        "INFO: ",
                                        "{\"@timestamp\":\"",
                                        "\", ",
                                        "Bearer ",
                                        "abcdefghijk",
                                        "access_token=",
                                        "Authorization: ",
                                        "\xff",
                                        "\xC3",
                                        "\0",
                                        "Jan 17 11:24:25 h t: ",
                                        "krakend_1  | ",
                                        "[Recovery] ",
                                        "panic recovered:",
                                        " > "};
  std::string input;
  for (int i = 0; i < 400; ++i) {
    if (rng.chance(0.3)) {
      input += static_cast<char>(rng.below(256));
    } else {
      input += kPieces[rng.below(std::size(kPieces))];
    }
  }
  const std::string out = records(input);
  CHECK(kcheck::logstest::check_json_lines(out).empty());
  CHECK(kcheck::logstest::records_of_chunks(kcheck::logstest::line_chunks(input)) == out);
}
