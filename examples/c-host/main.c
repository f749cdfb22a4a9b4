/*
 * A minimal kcheck host in plain C99: load a plugin, configure one instance from the
 * command line, run it once, print what it submits.
 *
 *   c-host PLUGIN.so INSTANCE [INIT_CONFIG]
 *   c-host build/dev/plugin/libkrakend_check.so \
 *          '{"openmetrics_endpoint": "http://127.0.0.1:9090/metrics"}'
 *
 * INSTANCE and INIT_CONFIG are YAML or JSON text (one element of a conf.yaml's instances,
 * and its init_config). Exit status: 0 when the run succeeded, 1 otherwise.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "kcheck.h"

static const char* const kMetricTypes[] = {"gauge",   "rate",      "count",    "monotonic_count",
                                           "counter", "histogram", "historate"};
static const char* const kServiceCheckStatuses[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

/* What the host keeps per instance: here, just counters (host_ctx). */
struct counters {
  unsigned long metrics;
  unsigned long service_checks;
  unsigned long buckets;
};

/* Strings are views, not NUL-terminated: always print them with their size. */
static void print_str(kcheck_str s) {
  fwrite(s.data, 1, s.size, stdout);
}

static void print_tags(const kcheck_str* tags, size_t count) {
  size_t i;
  fputs(" [", stdout);
  for (i = 0; i < count; ++i) {
    if (i != 0) fputs(", ", stdout);
    print_str(tags[i]);
  }
  fputs("]", stdout);
}

static void on_metric(void* ctx, const kcheck_metric* m) {
  struct counters* c = (struct counters*)ctx;
  const char* type = "?";
  if (m->type >= 0 && m->type <= KCHECK_METRIC_HISTORATE) type = kMetricTypes[m->type];
  ++c->metrics;
  printf("metric %s ", type);
  print_str(m->name);
  printf(" = %.17g", m->value);
  print_tags(m->tags, m->tag_count);
  fputs("\n", stdout);
}

static void on_service_check(void* ctx, const kcheck_service_check* sc) {
  struct counters* c = (struct counters*)ctx;
  const char* status = "?";
  if (sc->status >= 0 && sc->status <= KCHECK_SERVICE_CHECK_UNKNOWN) {
    status = kServiceCheckStatuses[sc->status];
  }
  ++c->service_checks;
  fputs("service_check ", stdout);
  print_str(sc->name);
  printf(" %s", status);
  print_tags(sc->tags, sc->tag_count);
  if (sc->message.size != 0) {
    fputs(" message: ", stdout);
    print_str(sc->message);
  }
  fputs("\n", stdout);
}

static void on_bucket(void* ctx, const kcheck_histogram_bucket* b) {
  struct counters* c = (struct counters*)ctx;
  ++c->buckets;
  fputs("histogram_bucket ", stdout);
  print_str(b->name);
  printf(" (%g, %g] = %lld", b->lower_bound, b->upper_bound, (long long)b->value);
  print_tags(b->tags, b->tag_count);
  fputs("\n", stdout);
}

static void on_log(void* ctx, kcheck_log_level level, kcheck_str message) {
  (void)ctx;
  fprintf(stderr, "log(%d): ", (int)level);
  fwrite(message.data, 1, message.size, stderr);
  fputs("\n", stderr);
}

/* ABI 1.1: one KrakenD log record (instances with log_files), as one JSON object. */
static void on_log_record(void* ctx, const kcheck_log_record* r) {
  (void)ctx;
  printf("log_record ");
  print_str(r->json);
  printf("\n");
}

static kcheck_str str_of(const char* s) {
  kcheck_str v;
  v.data = s;
  v.size = strlen(s);
  return v;
}

int main(int argc, char** argv) {
  char error[KCHECK_ERROR_SIZE];
  struct counters counts = {0, 0, 0};
  kcheck_host_callbacks callbacks;
  kcheck_config config;
  kcheck_instance* instance = NULL;
  const kcheck_plugin_api* api;
  kcheck_plugin_entry_fn entry;
  kcheck_status status;
  void* library;
  void* symbol;

  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s PLUGIN.so INSTANCE [INIT_CONFIG]\n", argv[0]);
    return 2;
  }
  library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (library == NULL) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 2;
  }
  symbol = dlsym(library, KCHECK_PLUGIN_ENTRY_SYMBOL);
  if (symbol == NULL) {
    fprintf(stderr, "dlsym: %s\n", dlerror());
    dlclose(library);
    return 2;
  }
  /* ISO C has no conversion from void* to a function pointer; POSIX guarantees the bytes. */
  memcpy(&entry, &symbol, sizeof(entry));

  /* The handshake: say which ABI this host was built against. */
  api = entry(KCHECK_ABI_VERSION_MAJOR, KCHECK_ABI_VERSION_MINOR, error, sizeof(error));
  if (api == NULL) {
    fprintf(stderr, "plugin refused this host: %s\n", error);
    dlclose(library);
    return 2;
  }
  printf("plugin ");
  print_str(api->plugin_name);
  printf(" ");
  print_str(api->plugin_version);
  printf(" (kcheck ABI %u.%u)\n", (unsigned)api->abi_major, (unsigned)api->abi_minor);

  memset(&callbacks, 0, sizeof(callbacks));
  callbacks.struct_size = sizeof(callbacks);
  callbacks.submit_metric = on_metric;
  callbacks.submit_service_check = on_service_check;
  callbacks.submit_histogram_bucket = on_bucket;
  callbacks.log = on_log;
  callbacks.submit_log = on_log_record;
  status = api->create(&callbacks, &counts, &instance, error, sizeof(error));
  if (status != KCHECK_STATUS_OK) {
    fprintf(stderr, "create: %s: %s\n", api->status_name(status), error);
    dlclose(library);
    return 2;
  }

  memset(&config, 0, sizeof(config));
  config.struct_size = sizeof(config);
  config.instance_index = 0;
  config.instance = str_of(argv[2]);
  config.init_config = str_of(argc == 4 ? argv[3] : "");
  status = api->configure(instance, &config, error, sizeof(error));
  if (status == KCHECK_STATUS_OK) {
    status = api->run(instance, error, sizeof(error));
    printf("run: %s%s%s (%lu metrics, %lu histogram buckets, %lu service checks)\n",
           api->status_name(status), status == KCHECK_STATUS_OK ? "" : ": ", error, counts.metrics,
           counts.buckets, counts.service_checks);
  } else {
    fprintf(stderr, "configure: %s: %s\n", api->status_name(status), error);
  }

  api->destroy(instance);
  dlclose(library);
  return status == KCHECK_STATUS_OK ? 0 : 1;
}
