// configure(): configuration errors come back as text in the caller's buffer, truncated
// safely; a failed reconfiguration leaves the previous one in force.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "plugin_fixture.hpp"

using kcheck::abitest::api;
using kcheck::abitest::endpoint_conf;
using kcheck::abitest::Instance;
using kcheck::abitest::str;

namespace {

// Port 1 on loopback: nothing listens there, so a run fails fast with "connection refused".
const std::string kRefused = "http://127.0.0.1:1/metrics";
const std::string kBadTimeout = endpoint_conf(kRefused, R"("timeout": "ten")");
const std::string kBadTimeoutError = R"(instances[0].timeout: expected a number > 0, got "ten")";

}  // namespace

TEST_CASE("a bad configuration returns invalid_argument and the loader's message",
          "[abi][configure]") {
  Instance inst;
  std::string error;
  CHECK(inst.configure(kBadTimeout, "", &error) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(error == kBadTimeoutError);
}

TEST_CASE("the instance index given by the host names the instance in messages",
          "[abi][configure]") {
  Instance inst;
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.instance_index = 3;
  config.instance = str(kBadTimeout);
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().configure(inst.get(), &config, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == R"(instances[3].timeout: expected a number > 0, got "ten")");
}

TEST_CASE("an error message is truncated to the caller's buffer and always NUL-terminated",
          "[abi][configure]") {
  const std::size_t size = GENERATE(1u, 2u, 5u, 16u, 53u, 54u, 55u, 56u, 200u);
  Instance inst;
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.instance = str(kBadTimeout);
  // The plugin is told `size`; the bytes after it are a canary it must not touch.
  std::array<char, 256> buf{};
  buf.fill('#');
  CHECK(api().configure(inst.get(), &config, buf.data(), size) == KCHECK_STATUS_INVALID_ARGUMENT);
  const std::size_t kept = std::min(size - 1, kBadTimeoutError.size());
  CHECK(std::string(buf.data()) == kBadTimeoutError.substr(0, kept));
  CHECK(buf[kept] == '\0');
  CHECK(std::all_of(buf.begin() + static_cast<std::ptrdiff_t>(size), buf.end(),
                    [](char c) { return c == '#'; }));
}

TEST_CASE("malformed YAML is a configuration error, not a crash", "[abi][configure]") {
  // yaml-cpp reports these by throwing: the exception must be caught inside the plugin
  // (with a second C++ runtime in the process it would abort instead).
  const std::string text = GENERATE(as<std::string>{}, "{\"a\": [}", "[", "key: [1, 2",
                                    "\t- tab indented", "{{{{{{{{", std::string("a: \"\xff\xfe\""));
  Instance inst;
  std::string error;
  CHECK(inst.configure(text, "", &error) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK_FALSE(error.empty());
}

TEST_CASE("a failed reconfiguration keeps the previous configuration", "[abi][configure]") {
  Instance inst;
  std::string error;
  REQUIRE(inst.configure(endpoint_conf(kRefused), "", &error) == KCHECK_STATUS_OK);
  CHECK(error.empty());
  REQUIRE(inst.configure(kBadTimeout, "", &error) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(inst.run(&error) == KCHECK_STATUS_UNAVAILABLE);
  CHECK(error == "connection refused to 127.0.0.1:1");
}

TEST_CASE("a successful reconfiguration replaces the configuration", "[abi][configure]") {
  Instance inst;
  REQUIRE(inst.configure(endpoint_conf(kRefused)) == KCHECK_STATUS_OK);
  REQUIRE(inst.configure(endpoint_conf("http://127.0.0.1:2/metrics")) == KCHECK_STATUS_OK);
  std::string error;
  CHECK(inst.run(&error) == KCHECK_STATUS_UNAVAILABLE);
  CHECK(error == "connection refused to 127.0.0.1:2");
}

TEST_CASE("init_config applies to the instance", "[abi][configure]") {
  Instance inst;
  std::string error;
  CHECK(inst.configure(endpoint_conf(kRefused), "timeout: -1", &error) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(error.rfind("init_config.timeout: ", 0) == 0);
}
