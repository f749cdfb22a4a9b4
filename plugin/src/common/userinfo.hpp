// A URL as a message may show it, for every layer that refuses one (the config loader, the
// scraper's redirects and proxies). Header-only: no layer depends on another for it.
#pragma once

#include <string>
#include <string_view>

namespace kcheck {

/// "http://user:secret@host/" -> "http://***@host/". Everything from "://" to the last '@'
/// is masked, not only up to the first '/', '?' or '#': a password with one of those left
/// unescaped ("http://u:pa/ss@h/") would otherwise be shown. A URL with an '@' in its path
/// or query loses more than its userinfo; a message may hide too much, never a password.
inline std::string without_userinfo(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::string(url);
  const std::size_t start = sep + 3;
  const std::size_t at = url.rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  return std::string(url.substr(0, start)) + "***" + std::string(url.substr(at));
}

}  // namespace kcheck
