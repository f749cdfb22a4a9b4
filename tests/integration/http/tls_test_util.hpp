// TLS helpers shared by the http integration tests (Catch2 test files only): the generated
// test PKI and server contexts that fail the test when they cannot be made.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "test_certs.hpp"
#include "test_server.hpp"

namespace kcheck::test {

/// The test PKI; fails the test when the openssl CLI cannot generate it.
inline const TestCerts& certs() {
  std::string error;
  const TestCerts* c = test_certs(error);
  if (c == nullptr) FAIL("cannot generate test certificates with the openssl CLI: " << error);
  return *c;
}

/// A server TLS context (requiring a client certificate signed by `client_ca` when given).
inline std::shared_ptr<SSL_CTX> server_tls(const std::string& cert, const std::string& key,
                                           const std::string& client_ca = "") {
  std::string error;
  auto ctx = make_server_tls(cert, key, client_ca, error);
  if (!ctx) FAIL("server TLS context: " << error);
  return ctx;
}

}  // namespace kcheck::test
