// Small helpers shared by the http integration tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "config/config.hpp"
#include "http/client.hpp"
#include "test_server.hpp"

namespace kcheck::test {

/// Options for `url` with a timeout that bounds a broken test, not a behaviour.
inline config::HttpOptions options_for(const std::string& url) {
  config::HttpOptions o;
  o.endpoint = url;
  o.timeout = std::chrono::seconds(5);
  return o;
}

/// One fetch with a fresh client and token.
inline Result<http::Response> fetch_once(const config::HttpOptions& options) {
  http::Client client(options);
  http::CancelToken token;
  return client.fetch(token);
}

/// The request target of a request head ("GET /metrics HTTP/1.1" -> "/metrics").
inline std::string request_target(const std::string& head) {
  const std::size_t a = head.find(' ');
  const std::size_t b = head.find(' ', a + 1);
  return head.substr(a + 1, b - a - 1);
}

/// What a fetch cancelled from another thread returned, and how long after the cancel.
struct CancelledFetch {
  Result<http::Response> result;
  std::chrono::steady_clock::duration latency;
};

/// Fetches with `client` while another thread cancels the token after `delay`.
inline CancelledFetch fetch_cancelled_after(http::Client& client, std::chrono::milliseconds delay) {
  using Clock = std::chrono::steady_clock;
  http::CancelToken token;
  std::atomic<Clock::rep> cancelled_at{0};
  std::thread canceller([&] {
    std::this_thread::sleep_for(delay);
    cancelled_at.store(Clock::now().time_since_epoch().count());
    token.cancel();
  });
  auto r = client.fetch(token);
  const auto returned_at = Clock::now();
  canceller.join();
  return {std::move(r), returned_at - Clock::time_point(Clock::duration(cancelled_at.load()))};
}

/// A token file in the temporary directory, removed when the test ends.
class TokenFile {
 public:
  explicit TokenFile(const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              ("kcheck-auth-test-" + std::to_string(::getpid()))) {
    std::ofstream(path_) << content;
  }
  ~TokenFile() { std::filesystem::remove(path_); }
  TokenFile(const TokenFile&) = delete;
  TokenFile& operator=(const TokenFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace kcheck::test
