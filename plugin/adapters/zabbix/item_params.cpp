#include "item_params.hpp"

#include <cstddef>
#include <string>

namespace kcheck::zabbix {

namespace {

Status usage_error(ItemKind kind, std::string_view what) {
  return invalid_argument(std::string(item_key(kind)) + std::string(item_usage(kind)) + ": " +
                          std::string(what));
}

std::string count_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " parameter" : " parameters");
}

}  // namespace

std::string_view item_key(ItemKind kind) noexcept {
  switch (kind) {
    case ItemKind::kGet:
      return "krakend.get";
    case ItemKind::kValue:
      return "krakend.value";
    case ItemKind::kDiscovery:
      return "krakend.discovery";
    case ItemKind::kHealth:
      return "krakend.health";
  }
  return "krakend";
}

std::string_view item_usage(ItemKind kind) noexcept {
  switch (kind) {
    case ItemKind::kGet:
    case ItemKind::kHealth:
      return "[<target>]";
    case ItemKind::kValue:
      return "[<target>,<metric name>,<tag>,...]";
    case ItemKind::kDiscovery:
      return "[<target>,<metric name>]";
  }
  return "";
}

Result<ItemParams> parse_item_params(ItemKind kind, std::span<const std::string_view> params) {
  if (params.empty() || params[0].empty()) {
    return usage_error(kind, "the first parameter must be an http(s):// URL or an instance name");
  }
  ItemParams out;
  out.target = std::string(params[0]);
  switch (kind) {
    case ItemKind::kGet:
    case ItemKind::kHealth:
      if (params.size() != 1) return usage_error(kind, "got " + count_text(params.size()));
      return out;
    case ItemKind::kDiscovery:
      if (params.size() != 2) return usage_error(kind, "got " + count_text(params.size()));
      break;
    case ItemKind::kValue:
      if (params.size() < 2) return usage_error(kind, "got " + count_text(params.size()));
      break;
  }
  if (params[1].empty()) return usage_error(kind, "the metric name is empty");
  out.metric = std::string(params[1]);
  for (std::size_t i = 2; i < params.size(); ++i) {
    // An empty parameter (a trailing comma, a template macro left empty) selects nothing.
    if (!params[i].empty()) out.tags.emplace_back(params[i]);
  }
  return out;
}

}  // namespace kcheck::zabbix
