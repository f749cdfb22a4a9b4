#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace kcheck::http {

namespace ssl = boost::asio::ssl;
using ErrorCode = boost::system::error_code;

namespace {

// OpenSSL reports a missing file as an opaque "system lib" error: check first so the
// message says what a person can fix.
Status check_readable(std::string_view option, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return invalid_argument(std::string(option) + ": cannot read \"" + path +
                            "\": " + std::strerror(err));
  }
  std::fclose(f);
  return Status();
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
  if (options.tls_verify) {
    ctx->set_verify_mode(ssl::verify_peer, ec);
    if (options.tls_ca_cert) {
      const std::string& ca = *options.tls_ca_cert;
      std::error_code fs_ec;
      if (std::filesystem::is_directory(ca, fs_ec)) {
        ctx->add_verify_path(ca, ec);
      } else {
        if (Status st = check_readable("tls_ca_cert", ca); !st.ok()) return st;
        ctx->load_verify_file(ca, ec);
      }
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
    const std::string& key = options.tls_private_key ? *options.tls_private_key : cert;
    if (Status st = check_readable("tls_cert", cert); !st.ok()) return st;
    ctx->use_certificate_chain_file(cert, ec);
    if (ec) {
      return invalid_argument("tls_cert: \"" + cert +
                              "\" is not a PEM certificate: " + ec.message());
    }
    if (Status st = check_readable("tls_private_key", key); !st.ok()) return st;
    ctx->use_private_key_file(key, ssl::context::pem, ec);
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
