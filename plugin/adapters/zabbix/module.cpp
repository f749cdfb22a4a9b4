// The only extern "C" code of zabbix_krakend.so, a Zabbix agent loadable module (API version
// 2): the five zbx_module_* entry points and the four item functions.
// Nothing may escape to the agent: a crash or an escaping C++ exception in an item kills that
// agent process, and the main process then stops the whole agent.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "items.hpp"
#include "zabbix_abi.h"

namespace {

using kcheck::zabbix::ItemAnswer;
using kcheck::zabbix::ItemKind;

// Set in zbx_module_init, in the agent's main process before it forks: no thread, no socket,
// no scrape. Each forked process then fills its own copy's cache on its first item call.
kcheck::zabbix::Items* g_items = nullptr;

// zbx_module_item_timeout: the agent's Timeout (1-30 s, default 3), which Zabbix 6.0 does not
// enforce on module items: every item call is bounded by it here.
int g_item_timeout_seconds = 3;
constexpr int kMinTimeout = 1;
constexpr int kMaxTimeout = 30;

// The agent free()s result->str, ->text and ->msg: malloc, never new[] or a literal.
char* malloc_copy(std::string_view text) noexcept {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

int fail(zbx_abi_agent_result_t* result, std::string_view message) noexcept {
  if (char* msg = malloc_copy(message)) {
    result->msg = msg;
    result->type |= ZBX_ABI_AR_MESSAGE;
  }
  return ZBX_ABI_SYSINFO_RET_FAIL;
}

int deliver(const ItemAnswer& answer, zbx_abi_agent_result_t* result) noexcept {
  switch (answer.kind) {
    case ItemAnswer::Kind::kText: {
      char* text = malloc_copy(answer.text);
      if (text == nullptr) return fail(result, "out of memory");
      result->text = text;
      result->type |= ZBX_ABI_AR_TEXT;
      return ZBX_ABI_SYSINFO_RET_OK;
    }
    case ItemAnswer::Kind::kUnsigned:
      result->ui64 = answer.unsigned_value;
      result->type |= ZBX_ABI_AR_UINT64;
      return ZBX_ABI_SYSINFO_RET_OK;
    case ItemAnswer::Kind::kDouble:
      result->dbl = answer.double_value;
      result->type |= ZBX_ABI_AR_DOUBLE;
      return ZBX_ABI_SYSINFO_RET_OK;
    case ItemAnswer::Kind::kError:
      break;
  }
  return fail(result, answer.text);
}

int call_item(ItemKind kind, zbx_abi_agent_request_t* request,
              zbx_abi_agent_result_t* result) noexcept {
  if (result == nullptr) return ZBX_ABI_SYSINFO_RET_FAIL;
  try {
    if (g_items == nullptr) return fail(result, "krakend module: not initialised");
    std::vector<std::string_view> params;
    if (request != nullptr && request->params != nullptr) {
      for (int i = 0; i < request->nparam; ++i) {
        params.emplace_back(request->params[i] != nullptr ? request->params[i] : "");
      }
    }
    return deliver(g_items->answer(kind, params, std::chrono::seconds(g_item_timeout_seconds)),
                   result);
  } catch (...) {
    // Only allocation can get here (the vector); Items::answer itself never throws.
    return fail(result, "krakend module: internal error");
  }
}

int krakend_get(zbx_abi_agent_request_t* request, zbx_abi_agent_result_t* result) noexcept {
  return call_item(ItemKind::kGet, request, result);
}
int krakend_value(zbx_abi_agent_request_t* request, zbx_abi_agent_result_t* result) noexcept {
  return call_item(ItemKind::kValue, request, result);
}
int krakend_discovery(zbx_abi_agent_request_t* request, zbx_abi_agent_result_t* result) noexcept {
  return call_item(ItemKind::kDiscovery, request, result);
}
int krakend_health(zbx_abi_agent_request_t* request, zbx_abi_agent_result_t* result) noexcept {
  return call_item(ItemKind::kHealth, request, result);
}

// test_param: what `zabbix_agentd -p` passes (KrakenD's default metrics port).
zbx_abi_metric_t g_item_list[] = {
    {"krakend.get", ZBX_ABI_CF_HAVEPARAMS, krakend_get, "http://localhost:9090/metrics"},
    {"krakend.value", ZBX_ABI_CF_HAVEPARAMS, krakend_value,
     "http://localhost:9090/metrics,krakend.api.go.goroutines"},
    {"krakend.discovery", ZBX_ABI_CF_HAVEPARAMS, krakend_discovery,
     "http://localhost:9090/metrics,krakend.api.proxy_duration.count"},
    {"krakend.health", ZBX_ABI_CF_HAVEPARAMS, krakend_health, "http://localhost:9090/metrics"},
    {nullptr, 0, nullptr, nullptr},
};

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int zbx_module_api_version(void) noexcept {
  return ZBX_ABI_MODULE_API_VERSION;
}

__attribute__((visibility("default"))) int zbx_module_init(void) noexcept {
  try {
    const char* path = std::getenv(kcheck::zabbix::kConfPathVariable);
    delete g_items;
    g_items = new kcheck::zabbix::Items(path != nullptr && *path != '\0'
                                            ? std::string(path)
                                            : std::string(kcheck::zabbix::kDefaultConfPath));
    return ZBX_ABI_MODULE_OK;
  } catch (...) {
    return ZBX_ABI_MODULE_FAIL;  // the agent logs it and exits: nothing else can be done here
  }
}

__attribute__((visibility("default"))) zbx_abi_metric_t* zbx_module_item_list(void) noexcept {
  return g_item_list;
}

__attribute__((visibility("default"))) void zbx_module_item_timeout(int timeout) noexcept {
  g_item_timeout_seconds =
      timeout < kMinTimeout ? kMinTimeout : (timeout > kMaxTimeout ? kMaxTimeout : timeout);
}

__attribute__((visibility("default"))) int zbx_module_uninit(void) noexcept {
  delete g_items;  // ~Items never throws: it frees snapshots and strings
  g_items = nullptr;
  return ZBX_ABI_MODULE_OK;
}

}  // extern "C"
