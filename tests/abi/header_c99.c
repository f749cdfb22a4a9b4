/* The ABI header as a C99 translation unit, compiled with -std=c99 -pedantic -Werror: a
 * C host must be able to include it with nothing but a C compiler. The program also checks
 * at run time what C99 cannot static-assert: the 1.0 layout of every struct (LP64). */
#include <stdio.h>

#include "kcheck.h"

static int failures = 0;

static void expect_size(const char* what, size_t got, size_t want) {
  if (got != want) {
    fprintf(stderr, "%s: %lu bytes, expected %lu\n", what, (unsigned long)got, (unsigned long)want);
    ++failures;
  }
}

int main(void) {
  kcheck_str s = KCHECK_STR_LIT("abc");
  kcheck_metric m;
  m.struct_size = (uint32_t)offsetof(kcheck_metric, flush_first_value);
  if (s.size != 3u) ++failures;
  /* A producer that stops before flush_first_value does not have it. */
  if (KCHECK_HAS_FIELD(&m, kcheck_metric, flush_first_value)) ++failures;
  m.struct_size = (uint32_t)sizeof(kcheck_metric);
  if (!KCHECK_HAS_FIELD(&m, kcheck_metric, reserved)) ++failures;
  if (sizeof(void*) == 8) {
    expect_size("kcheck_str", sizeof(kcheck_str), 16);
    expect_size("kcheck_metric", sizeof(kcheck_metric), 72);
    expect_size("kcheck_service_check", sizeof(kcheck_service_check), 72);
    expect_size("kcheck_histogram_bucket", sizeof(kcheck_histogram_bucket), 88);
    expect_size("kcheck_host_callbacks", sizeof(kcheck_host_callbacks), 48);
    expect_size("kcheck_host_callbacks 1.0 part", offsetof(kcheck_host_callbacks, submit_log), 40);
    expect_size("kcheck_log_record", sizeof(kcheck_log_record), 48);
    expect_size("kcheck_config", sizeof(kcheck_config), 40);
    expect_size("kcheck_plugin_api", sizeof(kcheck_plugin_api), 96);
  }
  if (failures == 0) puts("kcheck.h: C99 layout as documented");
  return failures == 0 ? 0 : 1;
}
