// A stand-in for the collectd daemon's side of the plugin API (plugin_dispatch_values,
// plugin_dispatch_notification and its meta data, plugin_log, cdtime, hostname_g), linked into a
// test instead of the daemon: it records what the plugin hands over, copied as the daemon
// copies it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kcheck::test::collectd {

/// One value as plugin_dispatch_values received it (the fixed-size fields, read as C strings).
/// Its first value is read as the member of value_t that `type` names, as the daemon reads it
/// through types.db; the other two stay 0.
struct DispatchedValue {
  std::string host;
  std::string plugin;
  std::string plugin_instance;
  std::string type;
  std::string type_instance;
  std::size_t values_len = 0;
  double gauge = 0;
  int64_t derive = 0;
  uint64_t absolute = 0;
  uint64_t time = 0;      ///< cdtime_t
  uint64_t interval = 0;  ///< cdtime_t
};

/// collectd's notification severities (NOTIF_FAILURE & co.), for tests that do not include the
/// daemon's headers: those define INFO, WARNING and ERROR as macros, which clash with Catch.
inline constexpr int kNotifFailure = 1;
inline constexpr int kNotifWarning = 2;
inline constexpr int kNotifOkay = 4;

/// One meta data entry of a notification: a string, or a signed integer.
struct NotificationMeta {
  std::string name;
  bool is_string = true;
  std::string string_value;
  int64_t signed_value = 0;
};

/// One notification as plugin_dispatch_notification received it.
struct DispatchedNotification {
  std::string host;
  std::string type_instance;
  std::string message;
  int severity = 0;
  uint64_t time = 0;  ///< cdtime_t
  std::string plugin;
  std::string plugin_instance;
  std::string type;
  std::vector<NotificationMeta> meta;  ///< in list order

  /// The meta entry called `name`, or null.
  const NotificationMeta* find_meta(const std::string& name) const;
};

/// Everything received since the last clear(); the daemon's functions are global, so is this.
struct Received {
  std::vector<DispatchedValue> values;
  std::vector<DispatchedNotification> notifications;
  std::vector<std::string> log_lines;  ///< formatted as plugin_log formats them
  /// Meta data entries added (plugin_notification_meta_add_*) and not yet freed.
  std::size_t live_meta = 0;
};

Received& received();

}  // namespace kcheck::test::collectd
