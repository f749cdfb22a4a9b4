#include "test_certs.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace kcheck::test {

namespace {

namespace fs = std::filesystem;

class CertDir {
 public:
  CertDir() {
    dir_ = fs::temp_directory_path() / ("kcheck-http-certs-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
  }
  ~CertDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  CertDir(const CertDir&) = delete;
  CertDir& operator=(const CertDir&) = delete;

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

bool run(const std::string& cmd, std::string& error) {
  const std::string full = cmd + " >/dev/null 2>&1";
  if (std::system(full.c_str()) != 0) {
    error = "command failed: " + cmd;
    return false;
  }
  return true;
}

constexpr const char* kEcKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

bool make_leaf(const CertDir& d, const std::string& name, const std::string& extensions, int serial,
               std::string& error) {
  {
    std::ofstream ext(d.path(name + ".ext"));
    ext << extensions << "\nbasicConstraints=CA:FALSE\n";
  }
  return run("openssl req " + std::string(kEcKey) + " -keyout " + d.path(name + ".key") + " -out " +
                 d.path(name + ".csr") + " -subj /CN=" + name,
             error) &&
         run("openssl x509 -req -in " + d.path(name + ".csr") + " -CA " + d.path("ca.crt") +
                 " -CAkey " + d.path("ca.key") + " -set_serial " + std::to_string(serial) +
                 " -days 3650 -out " + d.path(name + ".crt") + " -extfile " + d.path(name + ".ext"),
             error);
}

}  // namespace

const TestCerts* test_certs(std::string& error) {
  static std::unique_ptr<CertDir> dir;
  static std::unique_ptr<TestCerts> certs;
  static std::string first_error;
  if (certs) return certs.get();
  if (!first_error.empty()) {
    error = first_error;
    return nullptr;
  }
  dir = std::make_unique<CertDir>();
  const CertDir& d = *dir;
  const bool ok =
      run("openssl req -x509 " + std::string(kEcKey) + " -keyout " + d.path("ca.key") + " -out " +
              d.path("ca.crt") + " -days 3650 -subj /CN=kcheck-test-ca" +
              " -addext basicConstraints=critical,CA:TRUE" +
              " -addext keyUsage=critical,keyCertSign,cRLSign",
          first_error) &&
      make_leaf(d, "server",
                "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth", 2,
                first_error) &&
      make_leaf(d, "other", "subjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth", 3,
                first_error) &&
      make_leaf(d, "client", "extendedKeyUsage=clientAuth", 4, first_error) &&
      run("openssl pkey -in " + d.path("client.key") + " -aes256 -passout pass:kcheck -out " +
              d.path("client-encrypted.key"),
          first_error);
  if (!ok) {
    error = first_error;
    return nullptr;
  }
  certs = std::make_unique<TestCerts>();
  certs->dir = d.dir().string();
  certs->ca_cert = d.path("ca.crt");
  certs->server_cert = d.path("server.crt");
  certs->server_key = d.path("server.key");
  certs->other_host_cert = d.path("other.crt");
  certs->other_host_key = d.path("other.key");
  certs->client_cert = d.path("client.crt");
  certs->client_key = d.path("client.key");
  certs->client_key_encrypted = d.path("client-encrypted.key");
  return certs.get();
}

}  // namespace kcheck::test
