#include "http/request.hpp"

#include "http/option_file.hpp"

namespace kcheck::http {

namespace {

#ifndef KCHECK_VERSION
#define KCHECK_VERSION "0"
#endif
constexpr std::string_view kUserAgent = "krakend-check/" KCHECK_VERSION;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// RFC 9110 token characters.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool has_header(const HeaderList& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (iequals(header.first, name)) return true;
  }
  return false;
}

void set_header(HeaderList& headers, std::string_view name, std::string value) {
  for (auto& [n, v] : headers) {
    if (iequals(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

// Messages name the option and the header name, never a value (values carry API keys and
// cookies). A name that is not a token is not echoed either: a pasted "Authorization: Bearer
// ..." line would put the secret in the name.
Status check_header(std::string_view option, std::string_view name, std::string_view value) {
  if (name.empty()) return invalid_argument(std::string(option) + ": header with an empty name");
  for (char c : name) {
    if (!is_token_char(c)) {
      return invalid_argument(std::string(option) +
                              ": a header name has invalid characters (letters, digits and "
                              "!#$%&'*+-.^_`|~ only)");
    }
  }
  for (char c : value) {
    // CR/LF would let a value inject headers; other control bytes are rejected by servers.
    if (c == '\r' || c == '\n' || c == '\0') {
      return invalid_argument(std::string(option) + ": header \"" + std::string(name) +
                              "\": value contains a line break or NUL");
    }
  }
  return Status();
}

// Checks and applies one option's headers over `headers`.
Status apply_headers(HeaderList& headers, std::string_view option,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
  for (const auto& [name, value] : entries) {
    if (Status st = check_header(option, name, value); !st.ok()) return st;
    set_header(headers, name, value);
  }
  return Status();
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

}  // namespace

std::string base64_encode(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16 |
                       static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8 |
                       static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const std::size_t left = data.size() - i;
  if (left > 0) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
    if (left == 2) n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += left == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> read_token_file(const std::string& path) {
  auto file = read_option_file("auth_token", path, kTokenFileCap);
  if (!file.ok()) return file.status();
  std::string token = std::move(file).value();
  std::size_t b = 0, e = token.size();
  while (b < e && is_space(token[b])) ++b;
  while (e > b && is_space(token[e - 1])) --e;
  token = token.substr(b, e - b);
  if (token.empty()) return invalid_argument("auth_token: \"" + path + "\" is empty");
  for (char c : token) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return invalid_argument("auth_token: \"" + path + "\" holds more than one line");
    }
  }
  return token;
}

Result<HeaderList> build_headers(const config::HttpOptions& options, const Url& url,
                                 bool same_origin) {
  HeaderList headers;
  headers.emplace_back("Host", url.host_header());
  // Another origin gets the defaults only: `headers` and `extra_headers` hold what the
  // configured endpoint wants (API keys, cookies, tokens), not what a redirect target may see.
  if (options.headers && same_origin) {
    if (Status st = apply_headers(headers, "headers", *options.headers); !st.ok()) return st;
    // use_latest_spec is a request for OpenMetrics whatever else `headers` replaced.
    if (options.use_latest_spec && !has_header(headers, "Accept")) {
      headers.emplace_back("Accept", std::string(kAcceptOpenMetrics));
    }
  } else {
    headers.emplace_back("User-Agent", std::string(kUserAgent));
    headers.emplace_back("Accept",
                         std::string(options.use_latest_spec ? kAcceptOpenMetrics : kAcceptText));
    headers.emplace_back("Accept-Encoding", "gzip");
  }
  if (!same_origin) return headers;
  if (Status st = apply_headers(headers, "extra_headers", options.extra_headers); !st.ok()) {
    return st;
  }
  if (options.username) {
    const std::string pair = *options.username + ":" + options.password.value_or("");
    set_header(headers, "Authorization", "Basic " + base64_encode(pair));
  }
  if (options.auth_token_path) {
    auto token = read_token_file(*options.auth_token_path);
    if (!token.ok()) return token.status();
    set_header(headers, "Authorization", "Bearer " + token.value());
  }
  return headers;
}

std::string serialize_request(const Url& url, const HeaderList& headers, bool absolute_form) {
  std::string out = "GET " + (absolute_form ? url.text() : url.target) + " HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace kcheck::http
