// The typed configuration of one check instance, after YAML -> JSON -> schema validation.
// Every option of section 7 of the metric-map contract has a field here.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kcheck/status.hpp"
#include "logs/time_zone.hpp"

namespace kcheck::config {

/// Options of the HTTP scraper.
/// `proxy:`, Datadog's HTTP wrapper's option (instance, else init_config; never merged).
struct ProxyOptions {
  /// http:// proxy URLs, userinfo allowed; "" means "no proxy for that scheme" (the
  /// environment is not consulted for it either), nullopt "not configured".
  std::optional<std::string> http;
  std::optional<std::string> https;
  std::vector<std::string> no_proxy;  ///< hosts, domains, IPs/CIDRs, "*"; ports optional
};

struct HttpOptions {
  std::string endpoint;  ///< openmetrics_endpoint, validated http:// or https:// URL
  std::chrono::milliseconds timeout{10'000};
  std::optional<std::chrono::milliseconds> connect_timeout;
  std::optional<std::chrono::milliseconds> read_timeout;
  std::optional<std::vector<std::pair<std::string, std::string>>> headers;  ///< replace defaults
  std::vector<std::pair<std::string, std::string>> extra_headers;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> auth_token_path;  ///< bearer token read from this file each run
  bool tls_verify = true;
  std::optional<std::string> tls_ca_cert;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_private_key;
  bool tls_ignore_warning = false;
  bool allow_redirects = true;
  bool use_latest_spec = false;                ///< ask for OpenMetrics first
  std::uint64_t max_body_bytes = 64ull << 20;  ///< option max_body_size (bytes)
  std::optional<ProxyOptions> proxy;
  bool skip_proxy = false;      ///< no proxy at all, the environment's included
  bool use_agent_proxy = true;  ///< accepted; no Agent proxy reaches a library (see docs)
};

/// extra_metrics entry: raw name (or regex) -> submitted name and optional type override.
struct ExtraMetric {
  std::string raw;  ///< exact raw family name, or a regex when is_regex
  bool is_regex = false;
  std::string name;  ///< submitted name after the namespace
  std::string type;  ///< "" (from the payload), gauge, counter, histogram, summary, native
};

/// exclude_metrics_by_labels: label -> values (empty = any value, i.e. `true`).
struct LabelExclusion {
  std::string label;
  bool any_value = false;
  std::vector<std::string> values;
};

/// Prometheus-style safety limits on one scrape (0 disables one). Exceeding one fails the
/// run with kResourceExhausted and submits nothing, as Prometheus fails the scrape.
struct ScrapeLimits {
  std::uint64_t sample_limit = 1'000'000;           ///< samples per payload
  std::uint64_t label_limit = 128;                  ///< labels per sample
  std::uint64_t label_name_length_limit = 1'024;    ///< bytes per label name
  std::uint64_t label_value_length_limit = 65'536;  ///< bytes per label value
};

/// Options that shape the mapping (parse -> map -> emit).
struct MapOptions {
  std::string namespace_prefix = "krakend.api";
  bool go_metrics = true;
  bool process_metrics = true;
  std::vector<std::string> tags;  ///< instance tags, verbatim
  std::optional<std::string> service;
  std::string raw_metric_prefix;
  std::vector<std::string> raw_line_filters;  ///< regexes; matching lines are dropped
  std::vector<ExtraMetric> extra_metrics;
  std::vector<std::string> exclude_metrics;  ///< exact or regex
  std::vector<LabelExclusion> exclude_metrics_by_labels;
  std::vector<std::string> exclude_labels;
  std::vector<std::string> include_labels;
  std::map<std::string, std::string>
      rename_labels;  ///< the instance's, merged over defaults by map
  bool tag_by_endpoint = true;
  bool collect_histogram_buckets = true;
  bool non_cumulative_histogram_buckets = false;
  bool histogram_buckets_as_distributions = false;
  bool enable_health_service_check = true;
  bool ignore_connection_errors = false;
  std::optional<std::string> hostname_label;
  std::optional<std::string> hostname_format;  ///< contains "<HOSTNAME>"
  bool empty_default_hostname = false;
  bool telemetry = false;
  ScrapeLimits limits;
  /// One bad line fails the whole run (nothing submitted) instead of dropping its family.
  bool strict_parsing = false;
  /// Contexts (series) submitted per run at most, the excess dropped; 0: no limit.
  std::uint64_t max_returned_metrics = 0;
};

/// Tailing of KrakenD's own log files (docs/logs.md); off while `files` is empty.
struct LogOptions {
  std::vector<std::string> files;                 ///< log_files: paths or glob(3) patterns
  bool start_at_beginning = false;                ///< log_start_position: beginning (default end)
  std::uint64_t max_bytes_per_run = 16ull << 20;  ///< log_max_bytes_per_run
  logs::TimeZone time_zone;  ///< log_timezone, loaded and checked at configure time (UTC)
  std::optional<std::string> output_path;        ///< log_output: NDJSON file for the Agent to tail
  std::uint64_t output_max_bytes = 64ull << 20;  ///< log_output_max_size; then one `.1` rotation

  bool enabled() const noexcept { return !files.empty(); }
};

/// One fully validated instance.
struct InstanceConfig {
  HttpOptions http;
  MapOptions map;
  LogOptions logs;
  std::chrono::milliseconds min_collection_interval{15'000};
  std::string name;  ///< optional Agent "name" key
};

/// Parses and validates init_config + one instance (YAML or JSON text, borrowed).
/// Errors name the key path and what was expected, e.g.
/// `instances[0].timeout: expected a number > 0, got "ten"`.
/// `instance_index` is used only for the key path of messages.
Result<InstanceConfig> load_instance(std::string_view init_config_text,
                                     std::string_view instance_text, int instance_index = 0);

/// Splits a Datadog-style conf.yaml (`init_config:` + `instances:`) into the init_config
/// text and one text per instance (re-serialised as JSON), for hosts such as host-stub.
struct ConfFile {
  std::string init_config;             ///< JSON text ("{}" when absent)
  std::vector<std::string> instances;  ///< JSON text each
};
Result<ConfFile> split_conf_yaml(std::string_view conf_yaml_text);

}  // namespace kcheck::config
