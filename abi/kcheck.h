/*
 * kcheck.h - the C ABI of krakend-check plugins.
 *
 * A plugin is a shared library that exports exactly one symbol, kcheck_plugin_entry.
 * A host loads it (dlopen), looks the symbol up (dlsym), states the ABI version it was
 * built against and receives a const table of functions (kcheck_plugin_api). Through
 * that table it creates check instances, configures them from Datadog-style YAML or
 * JSON text, runs them and receives what they submit through callbacks it provides
 * (kcheck_host_callbacks).
 *
 *   host                                   plugin
 *   ----                                   ------
 *   api = kcheck_plugin_entry(1, 0, ...)   version handshake, returns the table
 *   api->create(&callbacks, ctx, &inst)    a new, unconfigured instance
 *   api->configure(inst, &config, ...)     validate and keep the configuration
 *   api->run(inst, ...)          -------> callbacks->submit_metric(ctx, &metric) ...
 *   api->cancel(inst)   (any thread)       the run in flight returns CANCELLED
 *   api->destroy(inst)
 *
 * RULES THAT HOLD FOR EVERY DECLARATION BELOW
 *  - Strings are kcheck_str views: UTF-8, NOT NUL-terminated, data may be NULL when size
 *    is 0. The exception is the C strings returned by status_name() (static storage).
 *  - Host -> plugin arguments are borrowed for the duration of the call; the plugin
 *    copies what it keeps. Plugin -> host callback arguments are borrowed for the
 *    duration of the callback; the host copies what it keeps. Nothing is ever freed
 *    across the boundary.
 *  - Error text goes into a caller-owned buffer (char* error, size_t error_size): on a
 *    non-OK status the plugin writes a NUL-terminated UTF-8 message, truncated to
 *    error_size - 1 bytes on a character boundary; on OK it writes "" (error[0] = 0).
 *    error may be NULL (then error_size is ignored). KCHECK_ERROR_SIZE is enough for
 *    every message the plugin writes in full.
 *  - Every struct that crosses the boundary starts with uint32_t struct_size, set by
 *    its producer to sizeof(the struct as it knew it). Structs only grow at their end,
 *    in minor versions; a consumer reads a field only when KCHECK_HAS_FIELD says the
 *    producer's struct contains it, and treats missing fields as zero / NULL.
 *  - Enumerations travel as int32_t; their constants are pinned forever.
 *  - No function of the table lets a C++ exception or abort() escape into the host.
 *
 * VERSIONING: KCHECK_ABI_VERSION_MAJOR changes only when an existing declaration
 * changes meaning or layout (never expected); the plugin then refuses hosts of another
 * major. KCHECK_ABI_VERSION_MINOR grows when something is appended: a function at the
 * end of kcheck_plugin_api, a callback at the end of kcheck_host_callbacks, a field at
 * the end of a struct, a status code. See docs/abi.md.
 *
 * The header is C99 with <stdint.h> and <stddef.h> only, and compiles as C++.
 */
#ifndef KCHECK_H
#define KCHECK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------ */
/* Versions and helpers                                                                  */
/* ------------------------------------------------------------------------------------ */

/** ABI major version: a host and a plugin work together only when their majors match.
 *  Since 1.0. */
#define KCHECK_ABI_VERSION_MAJOR 1u
/** ABI minor version: what the header declares beyond 1.0 (appended only). Since 1.0.
 *  1.1: kcheck_log_record and the submit_log callback. */
#define KCHECK_ABI_VERSION_MINOR 1u

/** Name of the one exported symbol, for dlsym(). Since 1.0. */
#define KCHECK_PLUGIN_ENTRY_SYMBOL "kcheck_plugin_entry"

/** A size for error buffers that holds every message of this plugin untruncated
 *  (longer messages, e.g. quoting a whole config value, are truncated safely). Since 1.0. */
#define KCHECK_ERROR_SIZE 1024u

/** Non-zero when the struct *p (of type `type`, whose producer set p->struct_size) is
 *  large enough to contain `field`. Use it before reading any field added after 1.0.
 *  Since 1.0. */
#ifdef __cplusplus
#define KCHECK_HAS_FIELD(p, type, field) \
  ((p)->struct_size >= offsetof(type, field) + sizeof(type::field))
#else
#define KCHECK_HAS_FIELD(p, type, field) \
  ((p)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))
#endif

/** Marks the entry function as non-throwing for C++ hosts (it never lets an exception out). */
#if defined(__cplusplus)
#define KCHECK_NOEXCEPT noexcept
#else
#define KCHECK_NOEXCEPT
#endif

/** Initializer of a kcheck_str from a string literal: kcheck_str s = KCHECK_STR_LIT("x");
 *  Since 1.0. */
#define KCHECK_STR_LIT(literal) \
  { (literal), sizeof(literal) - 1u }

/* ------------------------------------------------------------------------------------ */
/* Plain types                                                                           */
/* ------------------------------------------------------------------------------------ */

/**
 * A borrowed UTF-8 string: `size` bytes at `data`, not NUL-terminated.
 * `data` may be NULL only when `size` is 0.
 * OWNERSHIP: never owns; the doc of each use says for how long the bytes stay valid.
 * Since 1.0. (Fixed forever: it has no struct_size.)
 */
typedef struct kcheck_str {
  const char* data;
  size_t size;
} kcheck_str;

/**
 * Status of a plugin call (int32_t; constants below, pinned forever; 0 is success).
 * A host that receives a code it does not know treats it as KCHECK_STATUS_INTERNAL and
 * can still print it with status_name(). Since 1.0.
 */
typedef int32_t kcheck_status;
enum {
  KCHECK_STATUS_OK = 0,                  /**< success */
  KCHECK_STATUS_INVALID_ARGUMENT = 1,    /**< bad configuration or bad arguments */
  KCHECK_STATUS_UNAVAILABLE = 2,         /**< endpoint unreachable, refused, TLS, HTTP >= 400 */
  KCHECK_STATUS_DEADLINE_EXCEEDED = 3,   /**< the scrape timed out */
  KCHECK_STATUS_CANCELLED = 4,           /**< cancel() was called during the run */
  KCHECK_STATUS_RESOURCE_EXHAUSTED = 5,  /**< a size limit was hit, or out of memory */
  KCHECK_STATUS_DATA_LOSS = 6,           /**< the payload could not be parsed */
  KCHECK_STATUS_INTERNAL = 7,            /**< a bug in the plugin (reported, never a crash) */
  KCHECK_STATUS_FAILED_PRECONDITION = 8, /**< run() on an instance that is not configured */
  KCHECK_STATUS_BUSY = 9                 /**< another call is in progress on this instance */
};

/** Datadog metric types, numbered exactly as the Datadog Agent's metric_type_t. Since 1.0. */
typedef int32_t kcheck_metric_type;
enum {
  KCHECK_METRIC_GAUGE = 0,
  KCHECK_METRIC_RATE = 1,
  KCHECK_METRIC_COUNT = 2,
  KCHECK_METRIC_MONOTONIC_COUNT = 3,
  KCHECK_METRIC_COUNTER = 4,
  KCHECK_METRIC_HISTOGRAM = 5,
  KCHECK_METRIC_HISTORATE = 6
};

/** Service check statuses, numbered exactly as the Datadog Agent's. Since 1.0. */
typedef int32_t kcheck_service_check_status;
enum {
  KCHECK_SERVICE_CHECK_OK = 0,
  KCHECK_SERVICE_CHECK_WARNING = 1,
  KCHECK_SERVICE_CHECK_CRITICAL = 2,
  KCHECK_SERVICE_CHECK_UNKNOWN = 3
};

/** Log levels, numbered exactly as the Datadog Agent's. Since 1.0. */
typedef int32_t kcheck_log_level;
enum {
  KCHECK_LOG_TRACE = 7,
  KCHECK_LOG_DEBUG = 10,
  KCHECK_LOG_INFO = 20,
  KCHECK_LOG_WARNING = 30,
  KCHECK_LOG_ERROR = 40,
  KCHECK_LOG_CRITICAL = 50
};

/** An instance of the check, opaque to the host. Since 1.0. */
typedef struct kcheck_instance kcheck_instance;

/* ------------------------------------------------------------------------------------ */
/* What the plugin submits (plugin -> host, through kcheck_host_callbacks)               */
/* ------------------------------------------------------------------------------------ */

/**
 * One metric sample (Datadog's submit_metric).
 * OWNERSHIP: the struct and everything it points to are borrowed for the duration of
 * the callback only; the host copies what it keeps.
 * Since 1.0. Layout (LP64): 72 bytes.
 */
typedef struct kcheck_metric {
  uint32_t struct_size;    /**< sizeof(kcheck_metric) as the plugin knew it */
  kcheck_metric_type type; /**< KCHECK_METRIC_* */
  kcheck_str name;         /**< e.g. "krakend.api.go.goroutines" */
  double value;            /**< finite (the plugin does not submit NaN or +-Inf) */
  const kcheck_str* tags;  /**< tag_count views "key:value"; NULL when tag_count is 0 */
  size_t tag_count;
  kcheck_str hostname;        /**< empty: the host's own hostname */
  uint32_t flush_first_value; /**< 1: the host may flush the first value of a new context */
  uint32_t reserved;          /**< 0 in 1.0 (keeps the layout free of trailing padding) */
} kcheck_metric;

/**
 * One service check (Datadog's submit_service_check).
 * OWNERSHIP: borrowed for the duration of the callback only.
 * Since 1.0. Layout (LP64): 72 bytes.
 */
typedef struct kcheck_service_check {
  uint32_t struct_size;               /**< sizeof(kcheck_service_check) as the plugin knew it */
  kcheck_service_check_status status; /**< KCHECK_SERVICE_CHECK_* (0..3) */
  kcheck_str name;                    /**< e.g. "krakend.api.openmetrics.health" */
  const kcheck_str* tags;             /**< tag_count views; NULL when tag_count is 0 */
  size_t tag_count;
  kcheck_str hostname; /**< empty: the host's own hostname */
  kcheck_str message;  /**< empty when OK; the cause otherwise */
} kcheck_service_check;

/**
 * One histogram bucket (Datadog's submit_histogram_bucket): `value` observations fell in
 * (lower_bound, upper_bound]. Bounds are doubles (Datadog's are floats: the host narrows
 * if it must) and may be -inf / +inf.
 * OWNERSHIP: borrowed for the duration of the callback only.
 * Since 1.0. Layout (LP64): 88 bytes.
 */
typedef struct kcheck_histogram_bucket {
  uint32_t struct_size; /**< sizeof(kcheck_histogram_bucket) as the plugin knew it */
  uint32_t monotonic;   /**< 1: value is cumulative (the host computes deltas) */
  kcheck_str name;
  int64_t value; /**< observation count */
  double lower_bound;
  double upper_bound;
  const kcheck_str* tags; /**< tag_count views; NULL when tag_count is 0 */
  size_t tag_count;
  kcheck_str hostname;        /**< empty: the host's own hostname */
  uint32_t flush_first_value; /**< as in kcheck_metric */
  uint32_t reserved;          /**< 0 in 1.0 */
} kcheck_histogram_bucket;

/** Status of a KrakenD log record: Datadog's status names, lowest first. Since 1.1. */
typedef int32_t kcheck_log_status;
enum {
  KCHECK_LOG_STATUS_DEBUG = 0,
  KCHECK_LOG_STATUS_INFO = 1,
  KCHECK_LOG_STATUS_NOTICE = 2,
  KCHECK_LOG_STATUS_WARNING = 3,
  KCHECK_LOG_STATUS_ERROR = 4,
  KCHECK_LOG_STATUS_CRITICAL = 5
};

/**
 * One record of KrakenD's own logs, read from the instance's `log_files` (docs/logs.md).
 * `json` is the whole record, one JSON object without a newline, with Datadog's standard
 * attribute names (timestamp, status, message, http.status_code, duration, error.kind, ...):
 * what a log pipeline stores. timestamp_ms and status repeat two of its fields for hosts that
 * route records without parsing them; message is its `message`.
 * OWNERSHIP: borrowed for the duration of the callback only.
 * Since 1.1. Layout (LP64): 48 bytes.
 */
typedef struct kcheck_log_record {
  uint32_t struct_size;     /**< sizeof(kcheck_log_record) as the plugin knew it */
  kcheck_log_status status; /**< KCHECK_LOG_STATUS_* */
  int64_t timestamp_ms;     /**< UTC, milliseconds since the Unix epoch */
  kcheck_str json;          /**< the record as one JSON object */
  kcheck_str message;       /**< its message, unescaped */
} kcheck_log_record;

/**
 * The host's callbacks, given to create(). The plugin copies the table (its first
 * struct_size bytes) during create(): the table itself may be freed afterwards.
 *
 * Every callback receives the host_ctx pointer given to create() and is called only from
 * inside run() (and log() also from configure()), on the thread that called it,
 * synchronously: a callback never runs concurrently with another callback of the same
 * instance. Callbacks of distinct instances may run concurrently on different threads
 * when the host runs those instances concurrently. Callbacks must not call back into the
 * plugin for the same instance (except cancel()). They cannot fail: a host that must stop
 * a run early calls cancel().
 *
 * OWNERSHIP: host_ctx is owned by the host and must stay valid until destroy() returns.
 * Since 1.0. Layout (LP64): 40 bytes in 1.0, 48 bytes since 1.1 (submit_log).
 */
typedef struct kcheck_host_callbacks {
  uint32_t struct_size; /**< sizeof(kcheck_host_callbacks) as the host knew it */

  /** Receives one metric sample. Required. Since 1.0. */
  void (*submit_metric)(void* host_ctx, const kcheck_metric* metric);

  /** Receives one service check. Required. Since 1.0. */
  void (*submit_service_check)(void* host_ctx, const kcheck_service_check* service_check);

  /** Receives one histogram bucket. Required. Since 1.0. */
  void (*submit_histogram_bucket)(void* host_ctx, const kcheck_histogram_bucket* bucket);

  /** Receives one log message (level: KCHECK_LOG_*, message: one line without a final
   *  newline, borrowed for the call). Optional: NULL drops the plugin's logs. Since 1.0. */
  void (*log)(void* host_ctx, kcheck_log_level level, kcheck_str message);
  /** Receives one KrakenD log record, in file order, before the run's metrics. Optional:
   *  NULL (or a 1.0 table, which ends before this field) drops the records; the
   *  krakend.api.logs.* counts are submitted as metrics either way. Since 1.1. */
  void (*submit_log)(void* host_ctx, const kcheck_log_record* record);
} kcheck_host_callbacks;

/* ------------------------------------------------------------------------------------ */
/* What the host passes in                                                               */
/* ------------------------------------------------------------------------------------ */

/**
 * The configuration texts of one instance, as in a Datadog conf.yaml: init_config and one
 * element of instances, each as YAML or JSON text.
 * OWNERSHIP: borrowed for the duration of configure(); the plugin keeps its own copy of
 * what it needs.
 * Since 1.0. Layout (LP64): 40 bytes.
 */
typedef struct kcheck_config {
  uint32_t struct_size;   /**< sizeof(kcheck_config) as the host knew it */
  int32_t instance_index; /**< position in instances[], used only in error messages */
  kcheck_str init_config; /**< "" or "{}" when the conf has none */
  kcheck_str instance;    /**< one instance mapping, e.g. {"openmetrics_endpoint": "..."} */
} kcheck_config;

/* ------------------------------------------------------------------------------------ */
/* The plugin's function table                                                           */
/* ------------------------------------------------------------------------------------ */

/**
 * The table returned by kcheck_plugin_entry().
 * OWNERSHIP: static storage of the plugin, valid until the library is unloaded; const.
 * THREADING: every function may be called from any thread; the rules per instance are
 * in each doc block. Distinct instances are independent: they may be created,
 * configured, run, cancelled and destroyed concurrently on different threads (the
 * plugin keeps no mutable global state).
 * Since 1.0. Layout (LP64): 96 bytes.
 */
typedef struct kcheck_plugin_api {
  uint32_t struct_size;      /**< sizeof(kcheck_plugin_api) as the plugin knew it */
  uint32_t abi_major;        /**< the plugin's KCHECK_ABI_VERSION_MAJOR */
  uint32_t abi_minor;        /**< the plugin's KCHECK_ABI_VERSION_MINOR */
  kcheck_str plugin_name;    /**< e.g. "krakend_check"; static storage */
  kcheck_str plugin_version; /**< e.g. "0.1.0"; static storage */

  /**
   * Creates an unconfigured instance bound to the host's callbacks.
   * @param callbacks     the host's callback table (struct_size set; the three submit
   *                      callbacks non-NULL). Copied: borrowed for the call only.
   * @param host_ctx      passed back unchanged to every callback; may be NULL.
   * @param out_instance  receives the new instance on success, NULL otherwise.
   * @param error, error_size  caller-owned buffer for the error text (see the header).
   * @return OK; INVALID_ARGUMENT (NULL out_instance, NULL or too small callbacks,
   *         missing required callback); RESOURCE_EXHAUSTED (out of memory).
   * OWNERSHIP: the host owns the instance and releases it with destroy().
   * THREADING: any thread. Since 1.0.
   */
  kcheck_status (*create)(const kcheck_host_callbacks* callbacks, void* host_ctx,
                          kcheck_instance** out_instance, char* error, size_t error_size);

  /**
   * Validates a configuration and makes it the instance's configuration. May be called
   * again to reconfigure; on failure the previous configuration (if any) stays in force.
   * Per-run state that depends on the configuration (e.g. flush_first_value) restarts.
   * @param config  the texts (see kcheck_config); borrowed for the call.
   * @return OK; INVALID_ARGUMENT with a message naming the key path, e.g.
   *         "instances[0].timeout: expected a number > 0, got \"ten\"";
   *         BUSY when a run or another call is in progress on this instance (nothing
   *         changes); RESOURCE_EXHAUSTED.
   * THREADING: any thread; not concurrently with run/configure/destroy of the same
   * instance (detected: BUSY). May call the log callback on the calling thread.
   * Since 1.0.
   */
  kcheck_status (*configure)(kcheck_instance* instance, const kcheck_config* config, char* error,
                             size_t error_size);

  /**
   * One synchronous run: scrape the endpoint, parse, map, submit every series through
   * the callbacks on the calling thread, then the health service check. The payload is
   * submitted entirely or not at all (a payload that does not parse submits nothing but
   * the CRITICAL health service check).
   * @return OK; UNAVAILABLE / DEADLINE_EXCEEDED (endpoint), DATA_LOSS (payload),
   *         RESOURCE_EXHAUSTED (body too large, out of memory), CANCELLED (cancel() was
   *         called during the run: returns within about 100 ms of it; see cancel()),
   *         FAILED_PRECONDITION (never configured), BUSY (another call in progress on this
   *         instance), INVALID_ARGUMENT (e.g. an unreadable auth_token file), INTERNAL.
   * THREADING: any thread (it may change from run to run); one call at a time per
   * instance (detected: BUSY). Distinct instances may run concurrently. The run keeps no
   * thread alive after it returns. Since 1.0.
   */
  kcheck_status (*run)(kcheck_instance* instance, char* error, size_t error_size);

  /**
   * Makes the run in progress on `instance` return CANCELLED promptly. Idempotent,
   * non-blocking, lock-free; safe from any thread, including from a callback of that run.
   * A run that has submitted nothing yet submits nothing; once submitting has begun it
   * finishes its submissions: after the payload's first one, the run completes (and returns
   * as if not cancelled); after log records (submit_log) but before the payload's, it skips
   * the scrape and ends with the log counts and an UNKNOWN health service check.
   * A cancel() that returns before run() is entered has no effect on that run. Not
   * async-signal-safe in principle: call it from a normal thread, not a signal handler.
   * @return OK, or INVALID_ARGUMENT for a NULL or foreign instance.
   * OWNERSHIP: the instance must stay alive during the call (do not race destroy()).
   * Since 1.0.
   */
  kcheck_status (*cancel)(kcheck_instance* instance);

  /**
   * Destroys an instance and everything it owns. After OK the pointer is invalid.
   * @return OK; INVALID_ARGUMENT (NULL or foreign instance); BUSY when a run or configure
   *         is in progress (the instance is NOT destroyed: cancel it, wait for run() to
   *         return, then destroy it).
   * THREADING: any thread; no other call on this instance may start during or after it.
   * Since 1.0.
   */
  kcheck_status (*destroy)(kcheck_instance* instance);

  /**
   * Stable lowercase name of a status ("ok", "invalid_argument", "cancelled", ...), or
   * "unknown" for a code this plugin does not know.
   * OWNERSHIP: static storage, NUL-terminated, valid until the library is unloaded.
   * THREADING: any thread. Since 1.0.
   */
  const char* (*status_name)(kcheck_status status);
} kcheck_plugin_api;

/* ------------------------------------------------------------------------------------ */
/* The entry point                                                                       */
/* ------------------------------------------------------------------------------------ */

/**
 * The one exported symbol: the version handshake.
 * @param host_abi_major  KCHECK_ABI_VERSION_MAJOR of the header the host was built with.
 * @param host_abi_minor  KCHECK_ABI_VERSION_MINOR of that header. Any minor is accepted:
 *        the host uses only what its header declares and checks api->struct_size /
 *        api->abi_minor before using anything newer.
 * @param error, error_size  caller-owned buffer for the refusal reason.
 * @return the plugin's table, or NULL when host_abi_major is not the plugin's major
 *         (the reason, naming both versions, is written to error).
 * OWNERSHIP: the table is static and const (see kcheck_plugin_api).
 * THREADING: any thread, any number of times; always returns the same table.
 * Since 1.0.
 */
const kcheck_plugin_api* kcheck_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor,
                                             char* error, size_t error_size) KCHECK_NOEXCEPT;

/** Type of kcheck_plugin_entry, for the pointer a host gets from dlsym(). Since 1.0. */
typedef const kcheck_plugin_api* (*kcheck_plugin_entry_fn)(uint32_t host_abi_major,
                                                           uint32_t host_abi_minor, char* error,
                                                           size_t error_size);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* ------------------------------------------------------------------------------------ */
/* Layout checks (compilers that have static assertions; LP64 targets)                   */
/* ------------------------------------------------------------------------------------ */

#if defined(__cplusplus) && __cplusplus >= 201103L
#define KCHECK_STATIC_ASSERT_(cond, msg) static_assert(cond, msg)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define KCHECK_STATIC_ASSERT_(cond, msg) _Static_assert(cond, msg)
#endif

#if defined(KCHECK_STATIC_ASSERT_) && UINTPTR_MAX == UINT64_MAX && SIZE_MAX == UINT64_MAX
KCHECK_STATIC_ASSERT_(sizeof(kcheck_str) == 16, "kcheck_str layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_metric) == 72, "kcheck_metric 1.0 layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_service_check) == 72, "kcheck_service_check 1.0 layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_histogram_bucket) == 88, "kcheck_histogram_bucket 1.0 layout");
KCHECK_STATIC_ASSERT_(offsetof(kcheck_host_callbacks, submit_log) == 40,
                      "kcheck_host_callbacks 1.0 layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_host_callbacks) == 48, "kcheck_host_callbacks 1.1 layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_log_record) == 48, "kcheck_log_record 1.1 layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_config) == 40, "kcheck_config 1.0 layout");
KCHECK_STATIC_ASSERT_(sizeof(kcheck_plugin_api) == 96, "kcheck_plugin_api 1.0 layout");
#endif
#undef KCHECK_STATIC_ASSERT_

#endif /* KCHECK_H */
