// Every function of the table against NULL, foreign and truncated arguments: a clean status
// and message, never a crash.
#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "plugin_fixture.hpp"

using kcheck::abitest::api;
using kcheck::abitest::collecting_callbacks;
using kcheck::abitest::Instance;
using kcheck::abitest::str;

namespace {

/// Something that is not an instance of the plugin, but is readable memory.
struct Foreign {
  alignas(16) std::array<unsigned char, 256> bytes{};
};

std::string create_error(const kcheck_host_callbacks* callbacks, kcheck_status* status) {
  std::array<char, KCHECK_ERROR_SIZE> error{};
  kcheck_instance* out = reinterpret_cast<kcheck_instance*>(&error);  // must be reset to NULL
  *status = api().create(callbacks, nullptr, &out, error.data(), error.size());
  CHECK(out == nullptr);
  return error.data();
}

}  // namespace

TEST_CASE("create refuses a NULL out pointer", "[abi][arguments]") {
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().create(&collecting_callbacks(), nullptr, nullptr, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "create: out_instance is NULL");
}

TEST_CASE("create refuses NULL callbacks", "[abi][arguments]") {
  kcheck_status st = KCHECK_STATUS_OK;
  CHECK(create_error(nullptr, &st) == "create: callbacks is NULL");
  CHECK(st == KCHECK_STATUS_INVALID_ARGUMENT);
}

TEST_CASE("create refuses a callback table smaller than the 1.0 layout", "[abi][arguments]") {
  const uint32_t size = GENERATE(0u, 4u, 8u, 39u);
  kcheck_host_callbacks cb = collecting_callbacks();
  cb.struct_size = size;
  kcheck_status st = KCHECK_STATUS_OK;
  CHECK(create_error(&cb, &st) == "create: callbacks->struct_size is " + std::to_string(size) +
                                      ", smaller than the 1.0 layout (40 bytes)");
  CHECK(st == KCHECK_STATUS_INVALID_ARGUMENT);
}

TEST_CASE("create refuses a table without a required callback", "[abi][arguments]") {
  const std::string name = GENERATE(as<std::string>{}, "submit_metric", "submit_service_check",
                                    "submit_histogram_bucket");
  kcheck_host_callbacks cb = collecting_callbacks();
  if (name == "submit_metric") cb.submit_metric = nullptr;
  if (name == "submit_service_check") cb.submit_service_check = nullptr;
  if (name == "submit_histogram_bucket") cb.submit_histogram_bucket = nullptr;
  kcheck_status st = KCHECK_STATUS_OK;
  CHECK(create_error(&cb, &st) == "create: callbacks->" + name + " is NULL (it is required)");
  CHECK(st == KCHECK_STATUS_INVALID_ARGUMENT);
}

TEST_CASE("create accepts a newer host's larger table and a NULL log callback",
          "[abi][arguments]") {
  // A host built against a later minor: the table is larger and ends in fields this plugin
  // does not know. Only the first 40 bytes may be read.
  struct NewerCallbacks {
    kcheck_host_callbacks v1;
    void (*future_callback)(void*);
  } newer{};
  newer.v1 = collecting_callbacks();
  newer.v1.struct_size = sizeof(NewerCallbacks);
  newer.v1.log = nullptr;
  std::array<char, KCHECK_ERROR_SIZE> error{};
  kcheck_instance* out = nullptr;
  REQUIRE(api().create(&newer.v1, nullptr, &out, error.data(), error.size()) == KCHECK_STATUS_OK);
  CHECK(out != nullptr);
  CHECK(api().destroy(out) == KCHECK_STATUS_OK);
}

TEST_CASE("every instance function refuses a NULL instance", "[abi][arguments]") {
  std::array<char, KCHECK_ERROR_SIZE> error{};
  kcheck_config config{};
  config.struct_size = sizeof(config);
  CHECK(api().configure(nullptr, &config, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "configure: instance is NULL");
  CHECK(api().run(nullptr, error.data(), error.size()) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "run: instance is NULL");
  CHECK(api().cancel(nullptr) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(api().destroy(nullptr) == KCHECK_STATUS_INVALID_ARGUMENT);
}

TEST_CASE("every instance function refuses a pointer that is not one of its instances",
          "[abi][arguments]") {
  Foreign foreign;
  foreign.bytes.fill(0xA5);
  auto* fake = reinterpret_cast<kcheck_instance*>(&foreign);
  std::array<char, KCHECK_ERROR_SIZE> error{};
  kcheck_config config{};
  config.struct_size = sizeof(config);
  CHECK(api().configure(fake, &config, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "configure: not an instance of this plugin");
  CHECK(api().run(fake, error.data(), error.size()) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "run: not an instance of this plugin");
  CHECK(api().cancel(fake) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(api().destroy(fake) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(foreign.bytes[0] == 0xA5);  // and left it alone
}

TEST_CASE("configure refuses a NULL config", "[abi][arguments]") {
  Instance inst;
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().configure(inst.get(), nullptr, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "configure: config is NULL");
}

TEST_CASE("configure refuses a config struct smaller than the 1.0 layout", "[abi][arguments]") {
  const uint32_t size = GENERATE(0u, 8u, 39u);
  Instance inst;
  kcheck_config config{};
  config.struct_size = size;
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().configure(inst.get(), &config, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "configure: config->struct_size is " + std::to_string(size) +
                                         ", smaller than the 1.0 layout (40 bytes)");
}

TEST_CASE("configure refuses a text view with NULL data and a size", "[abi][arguments]") {
  Instance inst;
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.instance = kcheck_str{nullptr, 5};
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().configure(inst.get(), &config, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "configure: config->instance has NULL data and size 5");
}

TEST_CASE("configure refuses absurd text sizes without reading them", "[abi][arguments]") {
  Instance inst;
  const char small[] = "{}";
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.init_config = kcheck_str{small, SIZE_MAX};  // reading it would crash
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().configure(inst.get(), &config, error.data(), error.size()) ==
        KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(std::string(error.data()) == "configure: config->init_config is " +
                                         std::to_string(SIZE_MAX) +
                                         " bytes; the limit is 16777216");
}

TEST_CASE("a newer host's larger config struct is accepted", "[abi][arguments]") {
  struct NewerConfig {
    kcheck_config v1;
    kcheck_str future_field;
  } newer{};
  newer.v1.struct_size = sizeof(NewerConfig);
  newer.v1.instance = str(R"({"openmetrics_endpoint": "http://127.0.0.1:9/metrics"})");
  Instance inst;
  std::array<char, KCHECK_ERROR_SIZE> error{};
  CHECK(api().configure(inst.get(), &newer.v1, error.data(), error.size()) == KCHECK_STATUS_OK);
  CHECK(std::string(error.data()).empty());
}

TEST_CASE("run on an instance that was never configured is a failed precondition",
          "[abi][arguments]") {
  Instance inst;
  std::string error;
  CHECK(inst.run(&error) == KCHECK_STATUS_FAILED_PRECONDITION);
  CHECK(error == "run: the instance is not configured; call configure() first");
  CHECK(inst.collected().submissions() == 0);
}

TEST_CASE("cancel on an idle instance is a harmless no-op, any number of times",
          "[abi][arguments]") {
  Instance inst;
  for (int i = 0; i < 3; ++i) CHECK(inst.cancel() == KCHECK_STATUS_OK);
}

TEST_CASE("error buffers may be NULL or empty", "[abi][arguments]") {
  Instance inst;
  kcheck_config config{};
  config.struct_size = sizeof(config);
  config.instance = str("{");
  CHECK(api().configure(inst.get(), &config, nullptr, 0) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(api().configure(inst.get(), &config, nullptr, 100) == KCHECK_STATUS_INVALID_ARGUMENT);
  char sentinel = 'x';
  CHECK(api().configure(inst.get(), &config, &sentinel, 0) == KCHECK_STATUS_INVALID_ARGUMENT);
  CHECK(sentinel == 'x');  // size 0: not a single byte written
  CHECK(api().run(inst.get(), nullptr, 0) == KCHECK_STATUS_FAILED_PRECONDITION);
}
