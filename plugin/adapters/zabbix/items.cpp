#include "items.hpp"

#include <cmath>
#include <exception>
#include <new>
#include <utility>

#include "lookup.hpp"
#include "render.hpp"
#include "target.hpp"

namespace kcheck::zabbix {

namespace {

ItemAnswer error(std::string message) {
  ItemAnswer answer;
  answer.kind = ItemAnswer::Kind::kError;
  answer.text = std::move(message);
  return answer;
}

ItemAnswer text(std::string value) {
  ItemAnswer answer;
  answer.kind = ItemAnswer::Kind::kText;
  answer.text = std::move(value);
  return answer;
}

ItemAnswer value_answer(std::string_view metric, double value) {
  // A Zabbix numeric item cannot store these; krakend.get shows them as strings.
  if (!std::isfinite(value)) {
    return error(std::string(metric) + " is " +
                 (std::isnan(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf")) +
                 ", which a Zabbix numeric item cannot store");
  }
  ItemAnswer answer;
  answer.kind = ItemAnswer::Kind::kDouble;
  answer.double_value = value;
  return answer;
}

}  // namespace

Items::Items(std::string conf_path, ScrapeCache::Scraper scraper, ScrapeCache::Now now)
    : conf_path_(std::move(conf_path)), scraper_(std::move(scraper)), cache_(std::move(now)) {}

ItemAnswer Items::answer(ItemKind kind, std::span<const std::string_view> params,
                         std::chrono::seconds item_timeout) noexcept {
  try {
    return answer_unguarded(kind, params, item_timeout);
  } catch (const std::bad_alloc&) {
    return error("out of memory");
  } catch (const std::exception& e) {
    return error(std::string("internal error: ") + e.what());
  } catch (...) {
    return error("internal error");
  }
}

ItemAnswer Items::answer_unguarded(ItemKind kind, std::span<const std::string_view> params,
                                   std::chrono::seconds item_timeout) {
  auto item = parse_item_params(kind, params);
  if (!item.ok()) return error(item.status().message());
  auto target = resolve_target(item->target, conf_path_);
  if (!target.ok()) return error(target.status().message());

  const std::chrono::milliseconds budget = scrape_budget(item_timeout);
  const ScrapeCache::Scraper bounded = [budget](const Target& t) { return scrape(t, budget); };
  const auto snapshot = cache_.get(*target, scraper_ ? scraper_ : bounded);

  switch (kind) {
    case ItemKind::kGet:
      // A failed scrape is still an answer here: "status" and "error" say what happened, and
      // the service check, CRITICAL, reaches the template's dependent health item.
      return text(render_get(*snapshot));
    case ItemKind::kHealth: {
      ItemAnswer answer;
      answer.kind = ItemAnswer::Kind::kUnsigned;
      answer.unsigned_value = static_cast<std::uint64_t>(health_status(*snapshot));
      return answer;
    }
    case ItemKind::kValue: {
      auto value = series_value(*snapshot, item->metric, item->tags);
      if (!value.ok()) return error(value.status().message());
      return value_answer(item->metric, *value);
    }
    case ItemKind::kDiscovery: {
      // An error, never an empty list: Zabbix would take an empty list as "every discovered
      // entity is gone".
      auto json = render_discovery(*snapshot, item->metric);
      if (!json.ok()) return error(json.status().message());
      return text(std::move(json).value());
    }
  }
  return error("unknown item");
}

}  // namespace kcheck::zabbix
