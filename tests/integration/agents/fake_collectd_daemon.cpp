#include "fake_collectd_daemon.hpp"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#include "collectd_api.hpp"

namespace kcheck::test::collectd {

static_assert(kNotifFailure == NOTIF_FAILURE && kNotifWarning == NOTIF_WARNING &&
              kNotifOkay == NOTIF_OKAY);

Received& received() {
  static Received everything;
  return everything;
}

const NotificationMeta* DispatchedNotification::find_meta(const std::string& name) const {
  for (const NotificationMeta& entry : meta) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace kcheck::test::collectd

// The daemon's definitions, with the C linkage of their declarations in plugin.h.
namespace {
char fake_hostname[] = "collectd-host";
}  // namespace

char* hostname_g = fake_hostname;

cdtime_t cdtime(void) {
  return 0;
}

int plugin_dispatch_values(value_list_t const* vl) {
  kcheck::test::collectd::DispatchedValue value{vl->host, vl->plugin, vl->plugin_instance, vl->type,
                                                vl->type_instance};
  value.values_len = vl->values_len;
  value.time = vl->time;
  value.interval = vl->interval;
  // Only the member the type names is read: the daemon knows the union's member from types.db.
  if (vl->values_len > 0) {
    const std::string_view type = vl->type;
    if (type == "gauge") value.gauge = vl->values[0].gauge;
    if (type == "derive") value.derive = vl->values[0].derive;
    if (type == "absolute") value.absolute = vl->values[0].absolute;
  }
  kcheck::test::collectd::received().values.push_back(std::move(value));
  return 0;
}

int plugin_dispatch_notification(const notification_t* n) {
  kcheck::test::collectd::DispatchedNotification out;
  out.host = n->host;
  out.type_instance = n->type_instance;
  out.message = n->message;
  out.severity = n->severity;
  out.time = n->time;
  out.plugin = n->plugin;
  out.plugin_instance = n->plugin_instance;
  out.type = n->type;
  for (const notification_meta_t* m = n->meta; m != nullptr; m = m->next) {
    kcheck::test::collectd::NotificationMeta entry;
    entry.name = m->name;
    entry.is_string = m->type == NM_TYPE_STRING;
    if (entry.is_string) entry.string_value = m->nm_value.nm_string;
    if (m->type == NM_TYPE_SIGNED_INT) entry.signed_value = m->nm_value.nm_signed_int;
    out.meta.push_back(std::move(entry));
  }
  kcheck::test::collectd::received().notifications.push_back(std::move(out));
  return 0;
}

// As the daemon's plugin.c: a list appended to, the name copied into the fixed-size field and
// a string value strdup'ed; freed, strings included, by plugin_notification_meta_free.
namespace {

notification_meta_t* append_meta(notification_t* n, const char* name,
                                 enum notification_meta_type_e type) {
  auto* meta = static_cast<notification_meta_t*>(std::calloc(1, sizeof(notification_meta_t)));
  if (meta == nullptr) return nullptr;
  std::snprintf(meta->name, sizeof meta->name, "%s", name);
  meta->type = type;
  notification_meta_t** tail = &n->meta;
  while (*tail != nullptr) tail = &(*tail)->next;
  *tail = meta;
  ++kcheck::test::collectd::received().live_meta;
  return meta;
}

}  // namespace

int plugin_notification_meta_add_string(notification_t* n, const char* name, const char* value) {
  notification_meta_t* meta = append_meta(n, name, NM_TYPE_STRING);
  if (meta == nullptr) return -1;
  meta->nm_value.nm_string = strdup(value);
  return 0;
}

int plugin_notification_meta_add_signed_int(notification_t* n, const char* name, int64_t value) {
  notification_meta_t* meta = append_meta(n, name, NM_TYPE_SIGNED_INT);
  if (meta == nullptr) return -1;
  meta->nm_value.nm_signed_int = value;
  return 0;
}

int plugin_notification_meta_free(notification_meta_t* n) {
  while (n != nullptr) {
    notification_meta_t* next = n->next;
    if (n->type == NM_TYPE_STRING) std::free(const_cast<char*>(n->nm_value.nm_string));
    std::free(n);
    --kcheck::test::collectd::received().live_meta;
    n = next;
  }
  return 0;
}

void plugin_log(int /*level*/, const char* format, ...) {
  char line[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  kcheck::test::collectd::received().log_lines.emplace_back(line);
}
