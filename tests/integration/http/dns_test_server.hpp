// A DNS server on loopback UDP for the resolver tests: c-ares is pointed at it through
// Client::use_dns_servers. It answers every A question with one address, or says the name
// does not exist, or answers late, or never answers at all (then it runs no thread: the
// bound socket just swallows the queries).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace kcheck::test {

class DnsServer {
 public:
  enum class Mode {
    kAnswer,    ///< A -> `address`; any other type: no records (NOERROR)
    kNxdomain,  ///< every name: NXDOMAIN
    kSilent,    ///< reads nothing, answers nothing
  };

  /// Binds 127.0.0.1:<ephemeral>; answers after `delay` (kAnswer, kNxdomain).
  explicit DnsServer(Mode mode, std::string address = "127.0.0.1",
                     std::chrono::milliseconds delay = std::chrono::milliseconds(0));
  ~DnsServer();
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  /// "127.0.0.1:<port>", the form Client::use_dns_servers takes.
  std::string servers() const;
  /// Questions answered so far.
  int answered() const noexcept { return answered_.load(); }

 private:
  void run();

  Mode mode_;
  std::string address_;
  std::chrono::milliseconds delay_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::thread thread_;
};

}  // namespace kcheck::test
