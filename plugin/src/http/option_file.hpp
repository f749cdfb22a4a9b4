// Private to the http layer: reading the files options name (auth_token, tls_*) without
// letting a wrong path block the run or fill memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kcheck/status.hpp"

namespace kcheck::http {

/// Cap of the auth_token file.
inline constexpr std::size_t kTokenFileCap = 64 * 1024;
/// Cap of each PEM file (tls_ca_cert, tls_cert, tls_private_key).
inline constexpr std::size_t kPemFileCap = 1024 * 1024;

/// Reads the whole regular file at `path` (symlinks followed), at most `cap` bytes. A FIFO,
/// a device, a directory or a socket is refused without reading from it, so nothing can
/// block or stream forever. kInvalidArgument naming `option` and the path; the content never
/// appears in a message.
Result<std::string> read_option_file(std::string_view option, const std::string& path,
                                     std::size_t cap);

}  // namespace kcheck::http
