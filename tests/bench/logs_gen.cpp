#include "logs_gen.hpp"

#include <array>
#include <string_view>

#include "rng.hpp"

namespace kcheck::bench {
namespace {

constexpr std::array<std::string_view, 6> kPaths = {
    "/v2/user/profile",
    "/api/orders?page=2&size=50",
    "/health",
    "/catalog/items/1234",
    "/search?q=caf%C3%A9",
    "/auth/callback?code=x&access_token=eyJhbGciOi"};
constexpr std::array<std::string_view, 4> kMethods = {"GET     ", "POST    ", "PUT     ",
                                                      "DELETE  "};
constexpr std::array<std::string_view, 5> kErrors = {
    "context canceled", "context deadline exceeded", "invalid status code",
    "circuit breaker is open", "dial tcp 10.0.3.7:8080: connect: connection refused"};

std::string two(std::size_t v) {
  return std::string(1, static_cast<char>('0' + v / 10 % 10)) + static_cast<char>('0' + v % 10);
}

/// `2024/05/30` and `19:08:07` for line `i` (a minute of traffic per thousand lines).
void stamp(std::string& out, std::size_t i, std::string_view between) {
  out += "2024/05/";
  out += two(1 + i / 86'400'000 % 28);
  out += between;
  const std::size_t s = i / 10 % 86400;
  out += two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60);
}

void gin_line(std::string& out, test::Rng& rng, std::size_t i) {
  const bool colours = rng.chance(0.05);
  const bool new_gin = rng.chance(0.5);
  const std::size_t status_roll = rng.below(100);
  const int status = status_roll < 85 ? 200 : status_roll < 95 ? 404 : 500;
  out += "[GIN] ";
  stamp(out, i, " - ");
  out += colours ? " |\x1b[97;42m " : " | ";
  out += std::to_string(status);
  out += colours ? " \x1b[0m|" : " |";
  const std::string latency =
      rng.chance(0.9)
          ? std::to_string(rng.below(900) + 1) + "." + std::to_string(rng.below(900000) + 100000) +
                "ms"
          : std::to_string(rng.below(59) + 1) + "." + std::to_string(rng.below(90) + 10) + "s";
  out += std::string((new_gin ? 8 : 13) - (latency.size() < 8 ? latency.size() : 8), ' ');
  out += latency + " | ";
  const std::string ip = "10." + std::to_string(rng.below(256)) + "." +
                         std::to_string(rng.below(256)) + "." + std::to_string(rng.below(256));
  out += std::string(15 - ip.size(), ' ') + ip + " |";
  out += colours ? "\x1b[97;44m " : " ";
  out += kMethods[rng.below(kMethods.size())];
  out += colours ? "\x1b[0m \"" : " \"";
  out += kPaths[rng.below(kPaths.size())];
  out += "\"\n";
  if (status == 500) out += "Error #01: " + std::string(kErrors[rng.below(kErrors.size())]) + "\n";
}

void gologging_line(std::string& out, test::Rng& rng, std::size_t i) {
  static constexpr std::array<std::string_view, 5> kMessages = {
      "[ENDPOINT: /v2/user/profile] Error #0: context canceled",
      "[BACKEND: /users/{id}] Executing request to http://users.internal:8080/users/42",
      "[SERVICE: Gin] Listening on port: 8080",
      "[PLUGIN: auth-x] request headers map[Accept:[*/*] Authorization:[Bearer abcdefghijkl]]",
      "[CB] Circuit breaker named 'orders' went from 'closed' to 'open'"};
  static constexpr std::array<std::string_view, 5> kLevels = {"ERROR", "DEBUG", "INFO", "DEBUG",
                                                              "WARNING"};
  const std::size_t k = rng.below(kMessages.size());
  out += "[KRAKEND] ";
  stamp(out, i, " - ");
  out += "." + std::to_string(100 + rng.below(900)) + " \xE2\x96\xB6 ";
  out += kLevels[k];
  out += ' ';
  out += kMessages[k];
  out += '\n';
}

void other_line(std::string& out, test::Rng& rng, std::size_t i) {
  const std::size_t roll = rng.below(100);
  if (roll < 40) {  // Lura's basic logger, sometimes behind docker compose
    if (rng.chance(0.5)) out += "krakend_1   | ";
    stamp(out, i, " ");
    out += " KRAKEND ERROR: [ENDPOINT: /api/endpoint] context canceled\n";
  } else if (roll < 70) {
    out +=
        "{\"@timestamp\":\"2022-06-15T15:37:02.619+00:00\", \"@version\": 1, \"level\": "
        "\"INFO\", \"message\": \"[SERVICE: Telemetry] said \"hi\" to C:\\dir\", "
        "\"module\": \"KRAKEND\"}\n";
  } else if (roll < 85) {
    out +=
        "{\"@timestamp\":\"2024-05-30T19:08:07.637123+02:00\",\"@version\":1,\"host\":"
        "\"3f2a\",\"level\":\"DEBUG\",\"message\":\"[BACKEND: /b] caf\\u00e9 \\\"x\\\"\","
        "\"module\":\"KRAKEND\"}\n";
  } else if (roll < 97) {
    out += "May 30 19:08:07 gw krakend[812]: WARNING > [CB] Circuit breaker went open\n";
  } else if (roll < 99) {
    out += "ERROR parsing the configuration file: '/etc/krakend/krakend.json': bad\n";
  } else {
    out +=
        "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 42 "
        "[running]:\nmain.handler(...)\n\t/app/handler.go:31 +0x1d\nnet/http.HandlerFunc."
        "ServeHTTP(...)\n\t/usr/local/go/src/net/http/server.go:2136 +0x29\n";
  }
}

}  // namespace

std::string krakend_log(std::size_t bytes, unsigned seed) {
  test::Rng rng(seed);
  std::string out;
  out.reserve(bytes + 1024);
  for (std::size_t i = 0; out.size() < bytes; ++i) {
    const std::size_t roll = rng.below(100);
    if (roll < 60) {
      gin_line(out, rng, i);
    } else if (roll < 95) {
      gologging_line(out, rng, i);
    } else {
      other_line(out, rng, i);
    }
  }
  return out;
}

}  // namespace kcheck::bench
