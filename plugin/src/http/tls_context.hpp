// Private to the http layer: the OpenSSL client context (CA store, client certificate)
// and the per-connection settings (SNI, expected host name or IP address).
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "http/url.hpp"
#include "kcheck/status.hpp"

namespace kcheck::http {

/// Builds a client context from tls_verify, tls_ca_cert, tls_cert and tls_private_key (regular
/// PEM files of at most 1 MiB, read here and handed to OpenSSL as buffers). Built for every
/// new connection, so rotated files are picked up. kInvalidArgument naming the option for
/// an unreadable, oversized, non-regular or invalid file.
Result<std::shared_ptr<boost::asio::ssl::context>> make_tls_context(
    const config::HttpOptions& options);

/// Sets SNI (host names only, never IP literals) and, when verifying, the name or address
/// the certificate must match.
Status prepare_tls_session(SSL* ssl, const Url& url, bool verify);

/// Why a handshake failed: the certificate verify result when verification failed, else
/// the OpenSSL reason.
std::string describe_tls_failure(SSL* ssl, const Url& url, bool verify, const std::string& reason);

}  // namespace kcheck::http
