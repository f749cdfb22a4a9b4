# kcheck_warnings: the project's warning set, linked PRIVATE by every first-party target.
add_library(kcheck_warnings INTERFACE)
target_compile_options(kcheck_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wnon-virtual-dtor>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow>
  $<$<BOOL:${KCHECK_WERROR}>:-Werror>)
# g++ 12 with optimisation (the sanitizer presets build RelWithDebInfo) reports
# -Wmaybe-uninitialized inside library code it inlines into ours: Boost.Beast's
# boost::optional content length. Known false positives (GCC bugs 105562, 107138); they stay
# visible as warnings but do not fail -Werror builds.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(kcheck_warnings INTERFACE -Wno-error=maybe-uninitialized)
endif()
