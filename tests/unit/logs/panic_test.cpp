// Crash reports: Go runtime panics, net/http's recovered panics, Gin's Recovery, each with
// its stack, which ends where a line starts a record of a known format.
#include <catch2/catch.hpp>

#include "logs_driver.hpp"

using kcheck::logstest::Case;
using kcheck::logstest::records;

TEST_CASE("panics keep their stack and end at the next known record", "[logs][panic]") {
  const auto c = GENERATE(values<Case>({
      {"a runtime panic, blank lines inside, then a basic line",
       "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()\n"
       "\t/app/main.go:5 +0x25\nexit status 2\n"
       "2024/01/17 11:24:26 KRAKEND INFO: Starting KrakenD v2.6.3\n",
       R"j({"timestamp":"2023-11-14T22:13:20.123Z","status":"critical",)j"
       R"j("message":"panic: assignment to entry in nil map","logger":{"name":"runtime"},)j"
       R"j("krakend":{"format":"panic"},"error":{"message":"assignment to entry in nil map",)j"
       R"j("kind":"other","stack":"goroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 )j"
       R"j(+0x25\nexit status 2"}})j"
       "\n"
       R"j({"timestamp":"2024-01-17T11:24:26.000Z","status":"info",)j"
       R"j("message":"Starting KrakenD v2.6.3","logger":{"name":"krakend"},)j"
       R"j("krakend":{"format":"basic"}})j"
       "\n"},
      {"Gin's Recovery: colour, two dates, the value on the next line",
       "\n\n\x1b[31m2024/01/17 11:24:25 [Recovery] 2024/01/17 - 11:24:25 panic recovered:\n"
       "runtime error: invalid memory address or nil pointer dereference\n"
       "/usr/local/go/src/runtime/panic.go:261 (0x44c5f8)\n\tpanicmem: panic(memoryError)\n"
       "\x1b[0m\n"
       "[GIN] 2024/01/17 - 11:24:25 | 500 |      10ms |   10.0.0.1 | GET      \"/p\"\n",
       R"j({"timestamp":"2024-01-17T11:24:25.000Z","status":"critical","message":"panic )j"
       R"j(recovered: runtime error: invalid memory address or nil pointer dereference",)j"
       R"j("logger":{"name":"gin"},"krakend":{"format":"panic"},"error":{"message":"runtime )j"
       R"j(error: invalid memory address or nil pointer dereference","kind":"other",)j"
       R"j("stack":"/usr/local/go/src/runtime/panic.go:261 (0x44c5f8)\n\tpanicmem: )j"
       R"j(panic(memoryError)"}})j"
       "\n"
       R"j({"timestamp":"2024-01-17T11:24:25.000Z","status":"error","message":"[GIN] )j"
       R"j(2024/01/17 - 11:24:25 | 500 |      10ms |   10.0.0.1 | GET      \"/p\"",)j"
       R"j("logger":{"name":"gin"},"krakend":{"format":"gin"},)j"
       R"j("http":{"status_code":500,"method":"GET","url":"/p"},)j"
       R"j("network":{"client":{"ip":"10.0.0.1"}},"duration":10000000})j"
       "\n"},
      {"Gin's Recovery in debug mode dumps the request (credentials redacted) first",
       "\x1b[31m2024/01/17 11:24:25 [Recovery] 2024/01/17 - 11:24:25 panic recovered:\n"
       "GET /p HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer abcdefghijkl\r\n\r\n"
       "boom\n/app/h.go:9 (0x1)\x1b[0m\n",
       R"j({"timestamp":"2024-01-17T11:24:25.000Z","status":"critical",)j"
       R"j("message":"panic recovered: boom","logger":{"name":"gin"},)j"
       R"j("krakend":{"format":"panic"},"error":{"message":"boom","kind":"other",)j"
       R"j("stack":"/app/h.go:9 (0x1)"}})j"
       "\n"},
      {"net/http's recovered panic after the standard logger's date",
       "2024/01/17 11:24:25 http: panic serving 10.0.0.1:5000: boom\ngoroutine 7 [running]:\n"
       "net/http.(*conn).serve.func1()\n",
       R"j({"timestamp":"2024-01-17T11:24:25.000Z","status":"critical",)j"
       R"j("message":"http: panic serving 10.0.0.1:5000: boom","logger":{"name":"runtime"},)j"
       R"j("krakend":{"format":"panic"},"error":{"message":"boom","kind":"other",)j"
       R"j("stack":"goroutine 7 [running]:\nnet/http.(*conn).serve.func1()"}})j"
       "\n"},
      {"a fatal error with no stack yet at the end of the input",
       "fatal error: concurrent map writes",
       R"j({"timestamp":"2023-11-14T22:13:20.123Z","status":"critical",)j"
       R"j("message":"fatal error: concurrent map writes","logger":{"name":"runtime"},)j"
       R"j("krakend":{"format":"panic"},"error":{"message":"concurrent map writes",)j"
       R"j("kind":"other"}})j"
       "\n"},
  }));
  INFO(c.name);
  CHECK(records(c.input) == c.expected);
}
