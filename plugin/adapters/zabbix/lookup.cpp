#include "lookup.hpp"

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>

namespace kcheck::zabbix {

namespace {

constexpr std::size_t kMaxNamedKeys = 8;

std::string join(std::span<const std::string> items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string describe(std::string_view name, std::span<const std::string> wanted) {
  std::string out(name);
  if (!wanted.empty()) out += " with tags " + join(wanted, ", ");
  return out;
}

// The tag keys that not every matching series has with the same value.
std::string distinguishing_keys(const std::vector<SeriesView>& matches) {
  std::set<std::string> keys;
  for (const SeriesView& series : matches) {
    for (const std::string& tag : *series.tags) {
      const bool everywhere = std::all_of(matches.begin(), matches.end(), [&](const auto& other) {
        return std::find(other.tags->begin(), other.tags->end(), tag) != other.tags->end();
      });
      if (!everywhere) keys.insert(tag.substr(0, tag.find(':')));
    }
  }
  std::vector<std::string> shown(keys.begin(), keys.end());
  const bool cut = shown.size() > kMaxNamedKeys;
  if (cut) shown.resize(kMaxNamedKeys);
  return join(shown, ", ") + (cut ? ", ..." : "");
}

}  // namespace

std::vector<SeriesView> series_named(const Snapshot& snapshot, std::string_view name) {
  std::vector<SeriesView> out;
  for (const Series& series : snapshot.metrics) {
    if (series.name == name) out.push_back({series.name, &series.tags, series.value});
  }
  for (const ServiceCheck& check : snapshot.service_checks) {
    if (check.name == name) {
      out.push_back({check.name, &check.tags, static_cast<double>(check.status)});
    }
  }
  return out;
}

bool has_tags(const std::vector<std::string>& tags, std::span<const std::string> wanted) {
  return std::all_of(wanted.begin(), wanted.end(), [&tags](const std::string& tag) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
  });
}

Result<double> series_value(const Snapshot& snapshot, std::string_view name,
                            std::span<const std::string> wanted) {
  if (!snapshot.status.ok()) return snapshot.status;
  std::vector<SeriesView> matches = series_named(snapshot, name);
  std::erase_if(matches, [wanted](const SeriesView& s) { return !has_tags(*s.tags, wanted); });
  if (matches.size() == 1) return matches.front().value;
  if (matches.empty()) {
    return invalid_argument("no series " + describe(name, wanted) + " in the scrape of " +
                            snapshot.endpoint);
  }
  return invalid_argument(
      std::to_string(matches.size()) + " series " + describe(name, wanted) + " in the scrape of " +
      snapshot.endpoint +
      "; add a tag to pick one, they differ in: " + distinguishing_keys(matches));
}

int health_status(const Snapshot& snapshot) {
  if (!snapshot.service_checks.empty()) {
    return static_cast<int>(snapshot.service_checks.front().status);
  }
  return static_cast<int>(snapshot.status.ok() ? CheckStatus::kOk : CheckStatus::kCritical);
}

}  // namespace kcheck::zabbix
