// The version handshake and the table it returns.
#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "plugin_fixture.hpp"

using kcheck::abitest::api;
using kcheck::abitest::entry;

TEST_CASE("a host of another major version is refused with the reason in its buffer",
          "[abi][entry]") {
  const auto [major, minor, expected] = GENERATE(table<uint32_t, uint32_t, std::string>({
      {0, 9,
       "unsupported kcheck ABI major version 0 (host built against 0.9); this plugin "
       "implements kcheck ABI 1.1"},
      {2, 0,
       "unsupported kcheck ABI major version 2 (host built against 2.0); this plugin "
       "implements kcheck ABI 1.1"},
      {0xFFFFFFFFu, 0xFFFFFFFFu,
       "unsupported kcheck ABI major version 4294967295 (host built against "
       "4294967295.4294967295); this plugin implements kcheck ABI 1.1"},
  }));
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(entry()(major, minor, error.data(), error.size()) == nullptr);
  CHECK(std::string(error.data()) == expected);
}

TEST_CASE("a refusal without an error buffer is still a clean NULL", "[abi][entry]") {
  CHECK(entry()(2, 0, nullptr, 0) == nullptr);
  CHECK(entry()(2, 0, nullptr, 4096) == nullptr);
}

TEST_CASE("a host of the same major and any minor gets the same table", "[abi][entry]") {
  const uint32_t minor = GENERATE(0u, 1u, 7u, 0xFFFFFFFFu);
  std::array<char, 8> error{};
  error.fill('x');
  const kcheck_plugin_api* table =
      entry()(KCHECK_ABI_VERSION_MAJOR, minor, error.data(), error.size());
  REQUIRE(table != nullptr);
  CHECK(table == &api());
  CHECK(error[0] == '\0');  // success writes an empty message
}

TEST_CASE("the table states its version and size and has every function", "[abi][entry]") {
  const kcheck_plugin_api& t = api();
  CHECK(t.struct_size == sizeof(kcheck_plugin_api));
  CHECK(t.abi_major == KCHECK_ABI_VERSION_MAJOR);
  CHECK(t.abi_minor == KCHECK_ABI_VERSION_MINOR);
  CHECK(std::string(t.plugin_name.data, t.plugin_name.size) == "krakend_check");
  CHECK(t.plugin_version.size > 0);
  CHECK(t.create != nullptr);
  CHECK(t.configure != nullptr);
  CHECK(t.run != nullptr);
  CHECK(t.cancel != nullptr);
  CHECK(t.destroy != nullptr);
  CHECK(t.status_name != nullptr);
}

TEST_CASE("status_name names every status and unknown codes", "[abi][entry]") {
  const auto [code, name] = GENERATE(table<kcheck_status, std::string>({
      {KCHECK_STATUS_OK, "ok"},
      {KCHECK_STATUS_INVALID_ARGUMENT, "invalid_argument"},
      {KCHECK_STATUS_UNAVAILABLE, "unavailable"},
      {KCHECK_STATUS_DEADLINE_EXCEEDED, "deadline_exceeded"},
      {KCHECK_STATUS_CANCELLED, "cancelled"},
      {KCHECK_STATUS_RESOURCE_EXHAUSTED, "resource_exhausted"},
      {KCHECK_STATUS_DATA_LOSS, "data_loss"},
      {KCHECK_STATUS_INTERNAL, "internal"},
      {KCHECK_STATUS_FAILED_PRECONDITION, "failed_precondition"},
      {KCHECK_STATUS_BUSY, "busy"},
      {10, "unknown"},
      {-1, "unknown"},
      {INT32_MIN, "unknown"},
  }));
  const char* got = api().status_name(code);
  REQUIRE(got != nullptr);
  CHECK(std::string(got) == name);
}
