/* The ABI header in C11, where its own _Static_assert layout checks are active. */
#include "kcheck.h"

_Static_assert(KCHECK_STATUS_OK == 0, "OK is 0 forever");
_Static_assert(KCHECK_METRIC_MONOTONIC_COUNT == 3, "Datadog numbering");

int kcheck_header_c11_compiled(void) {
  return 1;
}
