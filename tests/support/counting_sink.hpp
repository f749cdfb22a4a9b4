// A Sink that reads every submission as a host copying its strings would, and keeps nothing:
// for the benchmarks and allocation tests of parse + map + submit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/sink.hpp"

namespace kcheck::test {

class CountingSink final : public Sink {
 public:
  std::size_t submissions = 0;
  std::size_t bytes = 0;  ///< of the names and tags read

  void submit_metric(std::string_view name, SubmitType, double,
                     std::span<const std::string_view> tags, std::string_view, bool) override {
    count(name, tags);
  }
  void submit_service_check(std::string_view name, CheckStatus,
                            std::span<const std::string_view> tags, std::string_view,
                            std::string_view) override {
    count(name, tags);
  }
  void submit_histogram_bucket(std::string_view name, std::int64_t, double, double, bool,
                               std::span<const std::string_view> tags, std::string_view,
                               bool) override {
    count(name, tags);
  }
  void log(LogLevel, std::string_view) override {}

 private:
  void count(std::string_view name, std::span<const std::string_view> tags) {
    ++submissions;
    bytes += name.size();
    for (std::string_view t : tags) bytes += t.size();
  }
};

}  // namespace kcheck::test
