#include "http/tls_context.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>

#include "http/option_file.hpp"

namespace kcheck::http {

namespace ssl = boost::asio::ssl;
using ErrorCode = boost::system::error_code;

namespace {

// The file's bytes for OpenSSL: it parses buffers, never opens a path itself, so a FIFO or
// a device cannot block it (option_file.hpp).
Result<std::string> read_pem(std::string_view option, const std::string& path) {
  return read_option_file(option, path, kPemFileCap);
}

boost::asio::const_buffer buffer_of(const std::string& pem) {
  return boost::asio::buffer(pem.data(), pem.size());
}

bool is_ip_literal(const Url& url) {
  ErrorCode ec;
  (void)boost::asio::ip::make_address(url.host, ec);
  return !ec;
}

}  // namespace

Result<std::shared_ptr<ssl::context>> make_tls_context(const config::HttpOptions& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ErrorCode ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  // Without a callback OpenSSL asks for the passphrase of an encrypted key on the terminal:
  // an empty answer makes such a key fail to load instead.
  ctx->set_password_callback(
      [](std::size_t, ssl::context::password_purpose) { return std::string(); }, ec);
  if (options.tls_verify) {
    ctx->set_verify_mode(ssl::verify_peer, ec);
    if (options.tls_ca_cert) {
      const std::string& ca = *options.tls_ca_cert;
      auto pem = read_pem("tls_ca_cert", ca);
      if (!pem.ok()) return pem.status();
      ctx->add_certificate_authority(buffer_of(pem.value()), ec);
      if (ec) {
        return invalid_argument("tls_ca_cert: \"" + ca +
                                "\" holds no usable CA certificate: " + ec.message());
      }
    } else {
      ctx->set_default_verify_paths(ec);
      if (ec) return unavailable("cannot load the system CA store: " + ec.message());
    }
  } else {
    ctx->set_verify_mode(ssl::verify_none, ec);
  }

  if (options.tls_cert) {
    const std::string& cert = *options.tls_cert;
    auto cert_pem = read_pem("tls_cert", cert);
    if (!cert_pem.ok()) return cert_pem.status();
    ctx->use_certificate_chain(buffer_of(cert_pem.value()), ec);
    if (ec) {
      return invalid_argument("tls_cert: \"" + cert +
                              "\" is not a PEM certificate: " + ec.message());
    }
    // Without tls_private_key the key is in the certificate's file.
    const std::string& key = options.tls_private_key ? *options.tls_private_key : cert;
    Result<std::string> key_pem =
        options.tls_private_key ? read_pem("tls_private_key", key) : std::move(cert_pem);
    if (!key_pem.ok()) return key_pem.status();
    ctx->use_private_key(buffer_of(key_pem.value()), ssl::context::pem, ec);
    // The key's bytes do not linger in freed heap memory.
    OPENSSL_cleanse(key_pem.value().data(), key_pem.value().size());
    if (ec && ec.category() == boost::asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
      return invalid_argument("tls_private_key: \"" + key +
                              "\" does not match the certificate in tls_cert");
    }
    if (ec) {
      return invalid_argument("tls_private_key: \"" + key +
                              "\" is not a PEM private key: " + ec.message());
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      return invalid_argument("tls_private_key: \"" + key +
                              "\" does not match the certificate in tls_cert");
    }
  } else if (options.tls_private_key) {
    return invalid_argument("tls_private_key is set but tls_cert is not");
  }
  return ctx;
}

Status prepare_tls_session(SSL* ssl, const Url& url, bool verify) {
  const bool ip = is_ip_literal(url);
  // RFC 6066: SNI carries host names only.
  if (!ip && SSL_set_tlsext_host_name(ssl, url.host.c_str()) != 1) {
    return internal_error("cannot set the TLS server name \"" + url.host + "\"");
  }
  if (!verify) return Status();
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  int ok = 0;
  if (ip) {
    ok = X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    ok = X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), url.host.size());
  }
  if (ok != 1) return internal_error("cannot set the expected TLS peer \"" + url.host + "\"");
  return Status();
}

std::string describe_tls_failure(SSL* ssl, const Url& url, bool verify, const std::string& reason) {
  if (verify) {
    const long result = SSL_get_verify_result(ssl);
    if (result != X509_V_OK) {
      return "TLS certificate verify failed for " + url.authority() + ": " +
             X509_verify_cert_error_string(result);
    }
  }
  return "TLS handshake with " + url.authority() + " failed: " + reason;
}

}  // namespace kcheck::http
