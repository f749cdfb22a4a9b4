# cmake -DLIBRARY=<path> -DEXPECTED=a,b -P check_exports.cmake
# Fails unless the dynamic symbols LIBRARY defines are exactly EXPECTED (nm -D --defined-only).
find_program(NM nm REQUIRED)
execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIBRARY}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(found "")
foreach(line IN LISTS lines)
  # "<address> <type> <name>"; the linker's own markers (e.g. version nodes) have type A.
  if(line MATCHES "^[0-9a-fA-F]+ ([A-Za-z]) (.+)$" AND NOT CMAKE_MATCH_1 STREQUAL "A")
    list(APPEND found "${CMAKE_MATCH_2}")
  endif()
endforeach()
list(SORT found)
string(REPLACE "," ";" expected "${EXPECTED}")
list(SORT expected)
if(NOT found STREQUAL expected)
  message(FATAL_ERROR "${LIBRARY} exports [${found}], expected exactly [${expected}]")
endif()
message(STATUS "${LIBRARY} exports exactly [${found}]")
