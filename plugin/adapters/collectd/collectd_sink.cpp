#include "collectd_sink.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "bound_text.hpp"
#include "collectd_api.hpp"
#include "core/error_buffer.hpp"
#include "logs/message_fields.hpp"
#include "nul_free.hpp"

namespace kcheck::collectd {

namespace {

constexpr char kPluginName[] = "krakend";
constexpr char kLogTypeInstance[] = "log";

// Copies into a fixed-size collectd field, always NUL-terminated (cuts at the field size).
template <std::size_t N>
void copy_field(char (&field)[N], std::string_view text) {
  const std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
  // An empty view may have a null data(): memcpy's arguments must not be null even for 0.
  if (n > 0) std::memcpy(field, text.data(), n);
  field[n] = '\0';
}

int collectd_level(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
    case LogLevel::kDebug:
      return LOG_DEBUG;
    case LogLevel::kInfo:
      return LOG_INFO;
    case LogLevel::kWarning:
      return LOG_WARNING;
    case LogLevel::kError:
    case LogLevel::kCritical:
      return LOG_ERR;
  }
  return LOG_ERR;
}

int notification_severity(CheckStatus status) {
  switch (status) {
    case CheckStatus::kOk:
      return NOTIF_OKAY;
    case CheckStatus::kWarning:
    case CheckStatus::kUnknown:
      return NOTIF_WARNING;
    case CheckStatus::kCritical:
      return NOTIF_FAILURE;
  }
  return NOTIF_FAILURE;
}

// warning -> WARNING, error and critical -> FAILURE; 0 for the statuses that are not notified.
int notification_severity(LogStatus status) {
  switch (status) {
    case LogStatus::kWarning:
      return NOTIF_WARNING;
    case LogStatus::kError:
    case LogStatus::kCritical:
      return NOTIF_FAILURE;
    case LogStatus::kDebug:
    case LogStatus::kInfo:
    case LogStatus::kNotice:
      return 0;
  }
  return 0;
}

// Milliseconds since the epoch in collectd's 2^-30 s, rounded as MS_TO_CDTIME_T does (a C
// compound literal, not C++); collectd's own time when there is none.
cdtime_t cdtime_from_ms(std::int64_t ms) {
  if (ms <= 0) return cdtime();
  const auto u = static_cast<cdtime_t>(ms);
  return ((u / 1000) << 30) | ((((u % 1000) << 30) + 500) / 1000);
}

// A notification about the instance, with collectd's own host when `hostname` is empty.
// `hostname` and `message` hold no NUL; the message is cut to NOTIF_MAX_MSG_LEN - 1 bytes on a
// UTF-8 character boundary.
notification_t notification(const InstanceState& state, int severity, cdtime_t time,
                            std::string_view hostname, std::string_view type,
                            std::string_view type_instance, std::string_view message) {
  notification_t n{};
  n.severity = severity;
  n.time = time;
  copy_field(n.host, hostname.empty() ? std::string_view(hostname_g) : hostname);
  copy_field(n.plugin, kPluginName);
  copy_field(n.plugin_instance, state.name);
  copy_field(n.type, type);
  copy_field(n.type_instance, type_instance);
  write_error_text(n.message, sizeof n.message, message);
  return n;
}

// Frees a notification's meta data list when it goes out of scope (the daemon copies what it
// keeps during plugin_dispatch_notification).
class MetaOwner {
 public:
  explicit MetaOwner(notification_t& n) : n_(n) {}
  MetaOwner(const MetaOwner&) = delete;
  MetaOwner& operator=(const MetaOwner&) = delete;
  ~MetaOwner() {
    plugin_notification_meta_free(n_.meta);
    n_.meta = nullptr;
  }

 private:
  notification_t& n_;
};

// Adds `name` = `value` to the notification's meta data unless `value` is empty; the value with
// its NUL bytes replaced (through `scratch`) and cut to kMaxMetaValueBytes on a UTF-8 boundary.
void add_meta(notification_t& n, std::string_view name, std::string_view value,
              std::string& scratch) {
  if (value.empty()) return;
  char name_field[DATA_MAX_NAME_LEN];
  copy_field(name_field, name);
  std::array<char, kMaxMetaValueBytes + 1> value_field{};
  write_error_text(value_field.data(), value_field.size(), adapters::nul_free(value, scratch));
  // Fails when out of memory only: the notification goes out with the meta data it has.
  static_cast<void>(plugin_notification_meta_add_string(&n, name_field, value_field.data()));
}

}  // namespace

std::vector<std::string> constant_tags(const config::InstanceConfig& config) {
  // As the sink compares them: with NUL bytes already replaced, as in the tags it receives.
  std::vector<std::string> tags;
  const auto add = [&tags](std::string_view tag) {
    adapters::append_nul_free(tags.emplace_back(), tag);
  };
  for (const std::string& tag : config.map.tags) add(tag);
  if (config.map.service) add("service:" + *config.map.service);
  if (config.map.tag_by_endpoint) add("endpoint:" + config.http.endpoint);
  std::sort(tags.begin(), tags.end());
  return tags;
}

CollectdSink::Texts CollectdSink::nul_free(std::string_view name,
                                           std::span<const std::string_view> tags,
                                           std::string_view hostname) {
  Texts texts{adapters::nul_free(name, name_copy_), tags,
              adapters::nul_free(hostname, hostname_copy_)};
  const auto has_nul = [](std::string_view tag) { return tag.find('\0') != tag.npos; };
  if (std::none_of(tags.begin(), tags.end(), has_nul)) return texts;
  // Copies first, views after: growing tag_copies_ may move the strings.
  if (tag_copies_.size() < tags.size()) tag_copies_.resize(tags.size());
  nul_free_tags_.clear();
  for (std::size_t i = 0; i < tags.size(); ++i) {
    nul_free_tags_.push_back(adapters::nul_free(tags[i], tag_copies_[i]));
  }
  texts.tags = nul_free_tags_;
  return texts;
}

void CollectdSink::dispatch(const Texts& texts, ValueKind kind, double value) {
  value_t v{};
  const char* type = "gauge";
  switch (kind) {
    case ValueKind::kGauge:
      if (!std::isfinite(value)) {
        ++skipped_;
        return;
      }
      v.gauge = value;
      break;
    case ValueKind::kAbsolute:
      if (!std::isfinite(value) || value < 0 || value >= 1.8446744073709552e19) {
        ++skipped_;
        return;
      }
      v.absolute = static_cast<absolute_t>(std::llround(value));
      type = "absolute";
      break;
  }

  const FoldedName folded = fold_series(texts.name, texts.tags, state_.instance_tags);
  if (folded.hashed && state_.logged_series.first_time(folded.hash)) {
    // Once per series and instance: which hashed name stands for which series.
    plugin_log(state_.series_map_log ? LOG_INFO : LOG_DEBUG,
               "krakend plugin: instance \"%s\": %s-%s is %s", state_.name.c_str(), type,
               folded.type_instance.c_str(), folded.description.c_str());
  }

  value_list_t vl = VALUE_LIST_INIT;
  vl.values = &v;
  vl.values_len = 1;
  // host "" (and time/interval 0): plugin_dispatch_values fills in collectd's own.
  copy_field(vl.host, texts.hostname);
  copy_field(vl.plugin, kPluginName);
  copy_field(vl.plugin_instance, state_.name);
  copy_field(vl.type, type);
  copy_field(vl.type_instance, folded.type_instance);
  if (plugin_dispatch_values(&vl) == 0) {
    ++dispatched_;
  } else {
    ++skipped_;
  }
}

void CollectdSink::submit_metric(std::string_view name, SubmitType type, double value,
                                 std::span<const std::string_view> tags, std::string_view hostname,
                                 bool /*flush_first_value*/) {
  // flush_first_value has no collectd equivalent: a monotonic count goes out as its cumulative
  // value, from which no rate can be derived before a second value.
  dispatch(nul_free(name, tags, hostname), value_kind(type), value);
}

void CollectdSink::submit_service_check(std::string_view name, CheckStatus status,
                                        std::span<const std::string_view> tags,
                                        std::string_view hostname, std::string_view message) {
  // The status as a gauge (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), every read...
  const Texts texts = nul_free(name, tags, hostname);
  dispatch(texts, ValueKind::kGauge, static_cast<double>(status));
  // ...and a notification when it changes (the first read counts as a change unless OK).
  const bool changed =
      state_.last_health ? *state_.last_health != status : status != CheckStatus::kOk;
  state_.last_health = status;
  if (!changed) return;
  const notification_t n = notification(
      state_, notification_severity(status), cdtime(), texts.hostname, "gauge",
      fold_series(texts.name, texts.tags, state_.instance_tags).type_instance,
      message.empty() ? std::string_view("OK") : adapters::nul_free(message, message_copy_));
  plugin_dispatch_notification(&n);
}

void CollectdSink::submit_log(const LogRecord& record) {
  const int severity = notification_severity(record.status);
  if (severity == 0) return;
  if (log_notifications_ >= kMaxLogNotificationsPerRead) {
    ++log_notifications_unsent_;
    return;
  }
  notification_t n =
      notification(state_, severity, cdtime_from_ms(record.timestamp_ms), "", "", kLogTypeInstance,
                   adapters::nul_free(record.message, message_copy_));
  const MetaOwner owner(n);
  add_meta(n, "status", log_status_name(record.status), meta_copy_);
  add_meta(n, "format", record.format, meta_copy_);
  add_meta(n, "logger", record.logger, meta_copy_);
  add_meta(n, "component", record.component, meta_copy_);
  // `[ENDPOINT: /users]` -> endpoint "/users", as the record's krakend.endpoint.
  const std::string_view value_key = logs::component_value_key(record.component);
  add_meta(n, value_key.empty() ? std::string_view("component_value") : value_key,
           record.component_value, meta_copy_);
  if (record.http_status != 0) {
    static_cast<void>(
        plugin_notification_meta_add_signed_int(&n, "http_status", record.http_status));
  }
  add_meta(n, "http_method", record.http_method, meta_copy_);
  add_meta(n, "http_url", record.http_url, meta_copy_);
  add_meta(n, "error_message", record.error_message, meta_copy_);
  add_meta(n, "error_kind", record.error_kind, meta_copy_);
  plugin_dispatch_notification(&n);
  ++log_notifications_;
}

void CollectdSink::submit_histogram_bucket(std::string_view name, int64_t value, double lower_bound,
                                           double upper_bound, bool /*monotonic*/,
                                           std::span<const std::string_view> tags,
                                           std::string_view hostname, bool /*flush_first_value*/) {
  // The bounds become tags, as the map's non-distribution buckets carry them. Monotonic or not,
  // the count is a gauge, as every monotonic count is (value_kind).
  lower_tag_ = "lower_bound:" + adapters::bound_text(lower_bound);
  upper_tag_ = "upper_bound:" + adapters::bound_text(upper_bound);
  tag_scratch_.assign(tags.begin(), tags.end());
  tag_scratch_.push_back(lower_tag_);
  tag_scratch_.push_back(upper_tag_);
  dispatch(nul_free(name, tag_scratch_, hostname), ValueKind::kGauge, static_cast<double>(value));
}

void CollectdSink::end_read() {
  if (skipped_ > 0) {
    plugin_log(LOG_WARNING,
               "krakend plugin: instance \"%s\": %zu values not representable in collectd "
               "(non-finite or out of range) were skipped",
               state_.name.c_str(), skipped_);
  }
  if (log_notifications_unsent_ > 0) {
    plugin_log(LOG_WARNING,
               "krakend plugin: instance \"%s\": %zu log records of warning or worse were not "
               "sent as notifications (limit %zu per read)",
               state_.name.c_str(), log_notifications_unsent_, kMaxLogNotificationsPerRead);
  }
}

void CollectdSink::log(LogLevel level, std::string_view message) {
  // %.*s stops at a NUL as well as at the length.
  message = adapters::nul_free(message, message_copy_);
  plugin_log(collectd_level(level), "krakend plugin: instance \"%s\": %.*s", state_.name.c_str(),
             static_cast<int>(message.size()), message.data());
}

}  // namespace kcheck::collectd
