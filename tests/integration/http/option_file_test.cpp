// The files options name (auth_token, tls_ca_cert, tls_cert, tls_private_key) are regular
// files of bounded size: a FIFO, a device or a directory is refused at once instead of
// blocking the run or filling memory; a symlink to a regular file (Kubernetes secrets) works.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "http_test_util.hpp"
#include "tls_test_util.hpp"

using kcheck::StatusCode;
using namespace kcheck::test;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

/// A fresh directory for the test's files, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "kcheck-option-file-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) FAIL("mkdtemp failed");
    dir_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  fs::path dir_;
};

// Points `option` at `path`; the TLS options the others need are valid files.
void set_option(kcheck::config::HttpOptions& o, const std::string& option,
                const std::string& path) {
  const auto& c = certs();
  if (option == "auth_token") o.auth_token_path = path;
  if (option == "tls_ca_cert") o.tls_ca_cert = path;
  if (option == "tls_cert") o.tls_cert = path;
  if (option == "tls_private_key") {
    o.tls_cert = c.client_cert;
    o.tls_private_key = path;
  }
}

std::string cap_of(const std::string& option) {
  return option == "auth_token" ? "64 KiB" : "1 MiB";
}

// What a bad path does: the error, returned at once (a closed port: nothing is sent).
kcheck::Status fetch_with(const std::string& option, const std::string& path) {
  auto options = options_for("https://127.0.0.1:" + std::to_string(unused_port()) + "/metrics");
  set_option(options, option, path);
  const auto start = Clock::now();
  auto r = fetch_once(options);
  CHECK(Clock::now() - start < 2s);  // hang guard: a FIFO must not wait for a writer
  REQUIRE_FALSE(r.ok());
  return r.status();
}

}  // namespace

TEST_CASE("a FIFO named by a file option is refused at once, not waited on") {
  const std::string option =
      GENERATE(as<std::string>{}, "auth_token", "tls_ca_cert", "tls_cert", "tls_private_key");
  const ScratchDir dir;
  const std::string fifo = dir.path("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto st = fetch_with(option, fifo);
  CHECK(st.code() == StatusCode::kInvalidArgument);
  CHECK(st.message() == option + ": \"" + fifo + "\" is not a regular file (a FIFO)");
}

TEST_CASE("a device named by a file option is refused without reading from it") {
  const std::string option =
      GENERATE(as<std::string>{}, "auth_token", "tls_ca_cert", "tls_cert", "tls_private_key");
  const auto st = fetch_with(option, "/dev/zero");
  CHECK(st.code() == StatusCode::kInvalidArgument);
  CHECK(st.message() == option + ": \"/dev/zero\" is not a regular file (a character device)");
}

TEST_CASE("a directory named by a file option is refused") {
  const std::string option =
      GENERATE(as<std::string>{}, "auth_token", "tls_ca_cert", "tls_cert", "tls_private_key");
  const ScratchDir dir;
  const auto st = fetch_with(option, dir.path(""));
  CHECK(st.code() == StatusCode::kInvalidArgument);
  CHECK(st.message() == option + ": \"" + dir.path("") + "\" is not a regular file (a directory)");
}

TEST_CASE("a file over its option's cap is an error that never shows the content") {
  const std::string option =
      GENERATE(as<std::string>{}, "auth_token", "tls_ca_cert", "tls_cert", "tls_private_key");
  const ScratchDir dir;
  const std::string big = dir.path("big");
  const std::size_t cap = option == "auth_token" ? 64 * 1024 : 1024 * 1024;
  std::ofstream(big) << std::string(cap + 1, 's');
  const auto st = fetch_with(option, big);
  CHECK(st.code() == StatusCode::kInvalidArgument);
  CHECK(st.message() == option + ": \"" + big + "\" is larger than " + cap_of(option));
}

TEST_CASE("a missing file named by a file option names the option and the path") {
  const std::string option =
      GENERATE(as<std::string>{}, "auth_token", "tls_ca_cert", "tls_cert", "tls_private_key");
  const ScratchDir dir;
  const std::string missing = dir.path("missing");
  const auto st = fetch_with(option, missing);
  CHECK(st.code() == StatusCode::kInvalidArgument);
  CHECK(st.message() == option + ": cannot read \"" + missing + "\": No such file or directory");
}

TEST_CASE("an auth_token symlink to a regular file is followed") {
  TestServer server([](Conn& c) {
    if (c.read_request()) c.send(http_response(200, "OK", "a 1\n"));
  });
  const ScratchDir dir;
  std::ofstream(dir.path("token")) << "linked-token\n";
  fs::create_symlink(dir.path("token"), dir.path("link"));
  auto options = options_for(server.url());
  options.auth_token_path = dir.path("link");
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(header_value(server.requests().at(0), "Authorization") == "Bearer linked-token");
}

TEST_CASE("TLS files reached through symlinks are loaded") {
  const auto& c = certs();
  TestServer server(
      [](Conn& conn) {
        if (conn.read_request()) conn.send(http_response(200, "OK", "secure 1\n"));
      },
      {false, server_tls(c.server_cert, c.server_key, c.ca_cert)});
  const ScratchDir dir;
  fs::create_symlink(c.ca_cert, dir.path("ca"));
  fs::create_symlink(c.client_cert, dir.path("cert"));
  fs::create_symlink(c.client_key, dir.path("key"));
  auto options = options_for(server.url());
  options.tls_ca_cert = dir.path("ca");
  options.tls_cert = dir.path("cert");
  options.tls_private_key = dir.path("key");
  auto r = fetch_once(options);
  REQUIRE(r.ok());
  CHECK(r->body == "secure 1\n");
}
