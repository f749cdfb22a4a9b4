#include "config/proxy_options.hpp"

#include "config/convert.hpp"
#include "config/url.hpp"

namespace kcheck::config {
namespace {

// "a, b;c" or [a, b]: Datadog splits a string on commas (and semicolons); blanks are dropped.
std::vector<std::string> no_proxy_entries(const rapidjson::Value& v) {
  std::vector<std::string> out;
  const auto add = [&out](std::string_view entry) {
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
      entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    if (!entry.empty()) out.emplace_back(entry);
  };
  if (v.IsArray()) {
    for (const auto& item : v.GetArray()) add(json_string(item));
    return out;
  }
  std::string_view rest = json_string(v);
  while (true) {
    const std::size_t sep = rest.find_first_of(",;");
    add(rest.substr(0, sep));
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  return out;
}

Result<ProxyOptions> proxy_mapping(const rapidjson::Value& v, const PathRoot& root,
                                   const std::string& key_path) {
  ProxyOptions out;
  for (const char* scheme : {"http", "https"}) {
    const auto* url = json_member(v, scheme);
    if (url == nullptr) continue;
    const std::string_view text = json_string(*url);
    // "" is Datadog's way to say "no proxy for this scheme".
    if (!text.empty()) {
      if (Status s = check_proxy_url(text); !s.ok()) {
        return error_at(root, join_key(key_path, scheme), s.message());
      }
    }
    (std::string_view(scheme) == "http" ? out.http : out.https) = std::string(text);
  }
  if (const auto* hosts = json_member(v, "no_proxy")) out.no_proxy = no_proxy_entries(*hosts);
  return out;
}

}  // namespace

Status read_proxy_options(const rapidjson::Value& init, const rapidjson::Value& instance,
                          const PathRoot& init_root, const PathRoot& instance_root,
                          HttpOptions& http) {
  for (const char* key : {"skip_proxy", "use_agent_proxy"}) {
    bool& out = std::string_view(key) == "skip_proxy" ? http.skip_proxy : http.use_agent_proxy;
    if (const auto* v = json_member(init, key)) out = boolish_value(*v);
    if (const auto* v = json_member(instance, key)) out = boolish_value(*v);
  }
  const bool own = json_member(instance, "proxy") != nullptr;
  const rapidjson::Value* proxy = own ? json_member(instance, "proxy") : json_member(init, "proxy");
  if (proxy == nullptr) return {};
  const PathRoot& root = own ? instance_root : init_root;
  auto options = proxy_mapping(*proxy, root, join_key(root.prefix, "proxy"));
  if (!options.ok()) return options.status();
  http.proxy = std::move(options).value();
  return {};
}

}  // namespace kcheck::config
