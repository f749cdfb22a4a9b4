/*
 * The Datadog Agent's contract for "shared library checks" (pkg/collector/sharedlibrary).
 *
 * This is the Agent's ABI, not ours: it is mirrored here, field for field, so that the adapter
 * and the test host (tests/integration/agents) agree on it. The Agent's C names are prefixed
 * with dd_ to keep them apart from anything else in a process. See docs/agents.md.
 *
 * OWNERSHIP: every string the Agent passes is borrowed for the call; every string the check
 * passes to a callback is borrowed for the callback (the Agent copies). The only string that
 * crosses the other way is *error of Run, which must come from malloc() (the Agent free()s it).
 *
 * THREADING: Run is synchronous; one instance never overlaps itself, different instances run
 * concurrently on different OS threads, and the OS thread changes between runs.
 */
#ifndef KCHECK_ADAPTERS_DATADOG_AGENT_ABI_H
#define KCHECK_ADAPTERS_DATADOG_AGENT_ABI_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* metric_type_t, numbered as the Agent numbers it (kcheck::SubmitType uses the same numbers). */
typedef enum {
  DD_GAUGE = 0,
  DD_RATE = 1,
  DD_COUNT = 2,
  DD_MONOTONIC_COUNT = 3,
  DD_COUNTER = 4,
  DD_HISTOGRAM = 5,
  DD_HISTORATE = 6
} dd_metric_type_t;

/* The Agent's event_t; the check never submits events, so its layout does not matter here. */
typedef struct dd_event_s dd_event_t;

/* (check_id, type, name, value, tags, hostname, flush_first_value); tags NULL-terminated. */
typedef void (*dd_submit_metric_t)(char*, dd_metric_type_t, char*, double, char**, char*, bool);
/* (check_id, name, status, tags, hostname, message); status OK 0 WARNING 1 CRITICAL 2 UNKNOWN 3. */
typedef void (*dd_submit_service_check_t)(char*, char*, int, char**, char*, char*);
/* (check_id, event) */
typedef void (*dd_submit_event_t)(char*, dd_event_t*);
/* (check_id, name, value, lower_bound, upper_bound, monotonic, hostname, tags, flush_first_value):
 * hostname comes BEFORE tags here, unlike the other callbacks. */
typedef void (*dd_submit_histogram_bucket_t)(char*, char*, long long, float, float, int, char*,
                                             char**, bool);
/* (check_id, raw_event, raw_event_size, event_type) */
typedef void (*dd_submit_event_platform_event_t)(char*, char*, int, char*);
/* (message, level); level TRACE 7, DEBUG 10, INFO 20, WARNING 30, ERROR 40, CRITICAL 50.
 * Appended in August 2026: older Agents pass a table of five slots only. */
typedef void (*dd_log_t)(char*, int);

/* aggregator_t: function pointers in this order, no size or version field. */
typedef struct dd_aggregator_s {
  dd_submit_metric_t submit_metric;
  dd_submit_service_check_t submit_service_check;
  dd_submit_event_t submit_event;
  dd_submit_histogram_bucket_t submit_histogram_bucket;
  dd_submit_event_platform_event_t submit_event_platform_event;
  dd_log_t log; /* read only when the instance sets native_log: true */
} dd_aggregator_t;

/* The two symbols the Agent looks up (Run required, Version optional). */
typedef void (*dd_run_function_t)(char* check_id, char* init_config, char* instance_config,
                                  const dd_aggregator_t* aggregator, const char** error);
typedef const char* (*dd_version_function_t)(const char** error);

#ifdef __cplusplus
}
#endif

#endif /* KCHECK_ADAPTERS_DATADOG_AGENT_ABI_H */
