# kcheck_warnings: the project's warning set, linked PRIVATE by every first-party target.
add_library(kcheck_warnings INTERFACE)
target_compile_options(kcheck_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wnon-virtual-dtor>
  $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow>
  $<$<BOOL:${KCHECK_WERROR}>:-Werror>)
