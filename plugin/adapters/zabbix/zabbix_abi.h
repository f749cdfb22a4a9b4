/*
 * The part of Zabbix agent 6.0's loadable-module contract (API version 2) that the module uses.
 *
 * This is Zabbix's ABI, not ours. No header package exists and Zabbix's own module.h is not
 * copied: the few structs and constants are declared here from the documented layout
 * (docs/agents.md, "Zabbix agent"), with a zbx_abi_ prefix to keep them apart from anything
 * else in a process. Zabbix 7.x appends fields to both structs without changing the API
 * version: a module built against this 6.0 layout works there as long as it never reads them.
 *
 * OWNERSHIP: the request and its strings are borrowed for the item call. The agent zero-fills
 * the result before the call and free()s result->str, ->text and ->msg after it: they must come
 * from malloc(), never a literal or new[].
 *
 * THREADING: modules load and zbx_module_init runs in the agent's main process before it forks
 * its collector and listener processes; each listener then calls items one at a time, with its
 * own copy of the module's state.
 */
#ifndef KCHECK_ADAPTERS_ZABBIX_ZABBIX_ABI_H
#define KCHECK_ADAPTERS_ZABBIX_ZABBIX_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What zbx_module_api_version() returns (the same in 6.0 and 7.x). */
#define ZBX_ABI_MODULE_API_VERSION 2

/* zbx_module_init() / zbx_module_uninit() results. */
#define ZBX_ABI_MODULE_OK 0
#define ZBX_ABI_MODULE_FAIL (-1)

/* zbx_abi_metric_t.flags: the key takes parameters (key[...]). */
#define ZBX_ABI_CF_HAVEPARAMS 0x01u

/* An item function's return value. FAIL with result->msg set: "not supported" with that text. */
#define ZBX_ABI_SYSINFO_RET_OK 0
#define ZBX_ABI_SYSINFO_RET_FAIL 1

/* zbx_abi_agent_result_t.type: which members hold a value (a set of flags). */
#define ZBX_ABI_AR_UINT64 0x01
#define ZBX_ABI_AR_DOUBLE 0x02
#define ZBX_ABI_AR_STRING 0x04
#define ZBX_ABI_AR_TEXT 0x08
#define ZBX_ABI_AR_MESSAGE 0x20

/* AGENT_REQUEST: the item key split by the agent, parameters unquoted. */
typedef struct {
  char* key;
  int nparam;
  char** params;
  uint64_t lastlogsize;
  int mtime;
  int* types;
} zbx_abi_agent_request_t;

/* AGENT_RESULT, 6.0 layout. */
typedef struct {
  uint64_t lastlogsize;
  uint64_t ui64;
  double dbl;
  char* str;
  char* text;
  char* msg;
  void* log;
  int type;
  int mtime;
} zbx_abi_agent_result_t;

typedef int (*zbx_abi_item_function_t)(zbx_abi_agent_request_t* request,
                                       zbx_abi_agent_result_t* result);

/* ZBX_METRIC: one entry of zbx_module_item_list(), the array ends with a NULL key.
 * test_param is what `zabbix_agentd -p` passes. */
typedef struct {
  const char* key;
  unsigned flags;
  zbx_abi_item_function_t function;
  const char* test_param;
} zbx_abi_metric_t;

#ifdef __cplusplus
}
#endif

#endif /* KCHECK_ADAPTERS_ZABBIX_ZABBIX_ABI_H */
