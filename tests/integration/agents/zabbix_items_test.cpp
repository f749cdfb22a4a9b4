// The Zabbix module's per-process behaviour without the agent: the scrape budget taken from the
// item timeout, the scrape cache under a fake clock, the snapshot sink, and the four items end
// to end over a scripted scraper.
#include <catch2/catch.hpp>
#include <chrono>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "items.hpp"
#include "scrape_cache.hpp"
#include "snapshot.hpp"
#include "target.hpp"

using kcheck::CheckStatus;
using kcheck::zabbix::Clock;
using kcheck::zabbix::ItemAnswer;
using kcheck::zabbix::ItemKind;
using kcheck::zabbix::ScrapeCache;
using kcheck::zabbix::Snapshot;
using kcheck::zabbix::Target;
using namespace std::chrono_literals;

namespace {

Target url(std::string_view u) {
  auto target = kcheck::zabbix::url_target(u);
  REQUIRE(target.ok());
  return std::move(target).value();
}

// A scraper that counts its calls and returns one gauge whose value is the call number.
struct CountingScraper {
  int calls = 0;
  ScrapeCache::Scraper function() {
    return [this](const Target& target) {
      Snapshot s;
      s.endpoint = target.config.http.endpoint;
      s.metrics.push_back({"krakend.api.calls", "gauge", static_cast<double>(++calls), {}, ""});
      s.service_checks.push_back({"krakend.api.openmetrics.health", CheckStatus::kOk, "", {}, ""});
      return s;
    };
  }
};

struct FakeClock {
  Clock::time_point now{};
  ScrapeCache::Now function() {
    return [this] { return now; };
  }
};

}  // namespace

TEST_CASE("zabbix: a scrape gets the item timeout less 0.5 s, at least 80 % of it") {
  using kcheck::zabbix::scrape_budget;
  CHECK(scrape_budget(3s) == 2500ms);
  CHECK(scrape_budget(30s) == 29500ms);
  CHECK(scrape_budget(1s) == 800ms);
  kcheck::config::HttpOptions http;
  http.connect_timeout = 200ms;
  http.read_timeout = 5s;
  kcheck::zabbix::bound_timeouts(http, 2500ms);
  CHECK(http.timeout == 2500ms);  // 10 s by default
  CHECK(http.connect_timeout == 200ms);
  CHECK(http.read_timeout == 2500ms);
}

TEST_CASE(
    "zabbix: one scrape answers a target for its cache_ttl, then the next call scrapes again") {
  FakeClock clock;
  CountingScraper scraper;
  ScrapeCache cache(clock.function());
  const Target a = url("http://a/m");
  CHECK(cache.get(a, scraper.function())->metrics[0].value == 1);
  clock.now += 9s;
  CHECK(cache.get(a, scraper.function())->metrics[0].value == 1);
  CHECK(cache.get(url("http://b/m"), scraper.function())->metrics[0].value == 2);
  clock.now += 1s;  // a is 10 s old: expired, dropped, scraped again
  CHECK(cache.get(a, scraper.function())->metrics[0].value == 3);
  CHECK(cache.size() == 2);

  Target changed = a;  // the same name, another configuration: not the cached scrape
  changed.config_texts += "\n";
  CHECK(cache.get(changed, scraper.function())->metrics[0].value == 4);
  Target uncached = url("http://c/m");
  uncached.cache_ttl = 0ms;
  CHECK(cache.get(uncached, scraper.function())->metrics[0].value == 5);
  CHECK(cache.get(uncached, scraper.function())->metrics[0].value == 6);
  CHECK(cache.size() == 2);
}

TEST_CASE("zabbix: the scrape cache keeps at most kMaxTargets targets") {
  FakeClock clock;
  CountingScraper scraper;
  ScrapeCache cache(clock.function());
  for (std::size_t i = 0; i < ScrapeCache::kMaxTargets + 10; ++i) {
    clock.now += 1ms;
    static_cast<void>(cache.get(url("http://h/" + std::to_string(i)), scraper.function()));
  }
  CHECK(cache.size() == ScrapeCache::kMaxTargets);
  // The oldest went first: target 0 is scraped again, the newest is not.
  static_cast<void>(cache.get(url("http://h/0"), scraper.function()));
  static_cast<void>(cache.get(url("http://h/73"), scraper.function()));
  CHECK(scraper.calls == static_cast<int>(ScrapeCache::kMaxTargets) + 11);
}

TEST_CASE(
    "zabbix: the snapshot sink copies every text, NUL bytes replaced, bucket bounds as tags") {
  Snapshot s;
  kcheck::zabbix::SnapshotSink sink(s);
  const std::vector<std::string_view> tags = {std::string_view("a:x\0y", 5)};
  sink.submit_metric("m", kcheck::SubmitType::kRate, 1.5, tags, "", false);
  sink.submit_histogram_bucket("b", 4, 0.1, std::numeric_limits<double>::infinity(), true, {},
                               "host", false);
  sink.submit_service_check("h", CheckStatus::kCritical, {}, "", std::string_view("x\0", 2));
  sink.log(kcheck::LogLevel::kError, "dropped");
  REQUIRE(s.metrics.size() == 2);
  CHECK(s.metrics[0].type == "rate");
  CHECK(s.metrics[0].tags == std::vector<std::string>{"a:x\xEF\xBF\xBDy"});
  CHECK(s.metrics[1].type == "histogram_bucket");
  CHECK(s.metrics[1].value == 4);
  CHECK(s.metrics[1].tags == std::vector<std::string>{"lower_bound:0.1", "upper_bound:inf"});
  CHECK(s.metrics[1].hostname == "host");
  CHECK(s.service_checks.at(0).message == "x\xEF\xBF\xBD");
}

TEST_CASE("zabbix: the four items answer from one cached scrape") {
  CountingScraper scraper;
  kcheck::zabbix::Items items("/nonexistent.yaml", scraper.function());
  const auto ask = [&items](ItemKind kind, std::vector<std::string_view> params) {
    return items.answer(kind, params, 3s);
  };
  const ItemAnswer get = ask(ItemKind::kGet, {"http://h/m"});
  CHECK(get.kind == ItemAnswer::Kind::kText);
  CHECK_THAT(get.text, Catch::StartsWith(R"({"status":"ok","error":null,"metrics":[)"));
  const ItemAnswer value = ask(ItemKind::kValue, {"http://h/m", "krakend.api.calls"});
  CHECK(value.kind == ItemAnswer::Kind::kDouble);
  CHECK(value.double_value == 1);
  const ItemAnswer health = ask(ItemKind::kHealth, {"http://h/m"});
  CHECK(health.kind == ItemAnswer::Kind::kUnsigned);
  CHECK(health.unsigned_value == 0);
  const ItemAnswer discovery = ask(ItemKind::kDiscovery, {"http://h/m", "krakend.api.calls"});
  CHECK(discovery.text == R"([{"{#NAME}":"krakend.api.calls"}])");
  CHECK(scraper.calls == 1);

  const ItemAnswer named = ask(ItemKind::kGet, {"gw"});
  CHECK(named.kind == ItemAnswer::Kind::kError);
  CHECK_THAT(named.text, Catch::StartsWith("cannot read /nonexistent.yaml: "));
  CHECK(ask(ItemKind::kValue, {"http://h/m"}).kind == ItemAnswer::Kind::kError);
}

TEST_CASE("zabbix: a value Zabbix cannot store is an item error") {
  kcheck::zabbix::Items items("/nonexistent.yaml", [](const Target&) {
    Snapshot s;
    s.metrics.push_back({"nan", "gauge", std::numeric_limits<double>::quiet_NaN(), {}, ""});
    return s;
  });
  const std::vector<std::string_view> params = {"http://h/m", "nan"};
  const ItemAnswer answer = items.answer(ItemKind::kValue, params, 3s);
  CHECK(answer.kind == ItemAnswer::Kind::kError);
  CHECK(answer.text == "nan is NaN, which a Zabbix numeric item cannot store");
}

TEST_CASE("zabbix: an unreachable endpoint: krakend.get says why, health is 2, value is an error") {
  kcheck::zabbix::Items items("/nonexistent.yaml");  // the real scraper
  const std::vector<std::string_view> target = {"http://127.0.0.1:1/metrics"};
  const ItemAnswer get = items.answer(ItemKind::kGet, target, 2s);
  CHECK_THAT(get.text, Catch::StartsWith(R"({"status":"unavailable","error":"connection )"));
  const ItemAnswer health = items.answer(ItemKind::kHealth, target, 2s);
  CHECK(health.unsigned_value == 2);
  const std::vector<std::string_view> value = {"http://127.0.0.1:1/metrics", "m"};
  const ItemAnswer error = items.answer(ItemKind::kValue, value, 2s);
  CHECK(error.kind == ItemAnswer::Kind::kError);
  CHECK_THAT(error.text, Catch::StartsWith("connection refused to 127.0.0.1:1"));
}
