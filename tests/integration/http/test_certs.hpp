// Test PKI generated at test time with the openssl CLI into a temporary directory (removed
// at exit): nothing secret or expiring is committed.
#pragma once

#include <string>

namespace kcheck::test {

/// Paths of the generated PEM files.
struct TestCerts {
  std::string dir;
  std::string ca_cert;      ///< self-signed test CA
  std::string server_cert;  ///< SAN DNS:localhost, IP:127.0.0.1, IP:::1, signed by the CA
  std::string server_key;
  std::string other_host_cert;  ///< SAN DNS:other.example only (host name mismatch)
  std::string other_host_key;
  std::string client_cert;  ///< clientAuth, signed by the CA
  std::string client_key;
  std::string client_key_encrypted;  ///< client_key under a passphrase
};

/// Generates the files once per process. Null with `error` set when openssl failed.
const TestCerts* test_certs(std::string& error);

}  // namespace kcheck::test
