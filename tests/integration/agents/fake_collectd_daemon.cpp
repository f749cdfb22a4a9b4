#include "fake_collectd_daemon.hpp"

#include <cstdarg>
#include <cstdio>
#include <string_view>
#include <utility>

#include "collectd_api.hpp"

namespace kcheck::test::collectd {

Received& received() {
  static Received everything;
  return everything;
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
  kcheck::test::collectd::received().notifications.push_back(
      {n->host, n->type_instance, n->message});
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
