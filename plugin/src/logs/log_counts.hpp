// The counts behind the `krakend.api.logs.*` metrics: monotonic since tailing began, kept by
// the instance across runs. A record is counted with fixed arrays, except the first record of
// a new (status code, method) pair; the number of series is bounded by construction (the
// status code is 100..599 or "other", the method one of nine or "_OTHER").
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string_view>

#include "logs/record.hpp"

namespace kcheck::logs {

class LogCounts {
 public:
  /// One series: the metric's short name (`lines`, `requests`, `errors`, `panics`,
  /// `unparsed`, `bytes`), its tags (`key:value`, borrowed for the call) and its count.
  using Visit = std::function<void(std::string_view metric, std::span<const std::string_view> tags,
                                   std::uint64_t value)>;

  void add(const Record& record);
  void add_bytes(std::uint64_t bytes) noexcept { bytes_ += bytes; }

  /// Every series counted at least once, plus `bytes` (always), in a stable order.
  void visit(const Visit& visit) const;

  /// The `http_request_method` tag value of a method: itself when it is one of HTTP's nine,
  /// else `_OTHER` (a log line may carry anything there).
  static std::string_view method_tag(std::string_view method) noexcept;

 private:
  static constexpr std::size_t kSeverities = 6;
  static constexpr std::size_t kLoggers = 3;
  static constexpr std::size_t kErrorKinds = 6;

  std::array<std::uint64_t, kSeverities * kLoggers> lines_{};
  /// (status code, or 0 outside 100..599) * 16 + the method's index in the table.
  std::map<std::uint32_t, std::uint64_t> requests_;
  std::array<std::uint64_t, kErrorKinds> errors_{};
  std::uint64_t panics_ = 0;
  std::uint64_t unparsed_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace kcheck::logs
