// The four items end to end, in C++: parameters -> target -> cached scrape -> answer. The
// extern "C" glue (module.cpp) only converts an ItemAnswer into the agent's result struct.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "item_params.hpp"
#include "scrape_cache.hpp"

namespace kcheck::zabbix {

/// An item's answer: a value of one Zabbix result type, or the text of "not supported".
struct ItemAnswer {
  enum class Kind { kText, kUnsigned, kDouble, kError };
  Kind kind = Kind::kError;
  std::string text;  ///< kText: the value; kError: the message
  std::uint64_t unsigned_value = 0;
  double double_value = 0;
};

/// The module's state in one agent process: where its conf.yaml is, and that process's cache.
class Items {
 public:
  /// `scraper` null: the real one (scrape() with the budget of each call's item timeout).
  explicit Items(std::string conf_path, ScrapeCache::Scraper scraper = nullptr,
                 ScrapeCache::Now now = &Clock::now);

  /// Answers one item call. `item_timeout` is the agent's Timeout, which bounds the call.
  /// Never throws: anything unexpected becomes a kError answer.
  ItemAnswer answer(ItemKind kind, std::span<const std::string_view> params,
                    std::chrono::seconds item_timeout) noexcept;

  const std::string& conf_path() const noexcept { return conf_path_; }

 private:
  ItemAnswer answer_unguarded(ItemKind kind, std::span<const std::string_view> params,
                              std::chrono::seconds item_timeout);

  std::string conf_path_;
  ScrapeCache::Scraper scraper_;
  ScrapeCache cache_;
};

}  // namespace kcheck::zabbix
