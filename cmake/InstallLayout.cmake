# Where `cmake --install` puts things (relative to the prefix unless absolute), shared by the
# install rules and the Debian packages (cmake/DebianPackages.cmake, docs/packages.md).

# The plugin: host-stub (krakend-check) finds it here when given no --plugin.
set(KCHECK_PLUGIN_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/kcheck")
# JSON Schemas and documentation, under the package's name (Debian: /usr/share/doc/<package>).
set(KCHECK_DATA_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/krakend-check")
set(KCHECK_DOC_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/doc/krakend-check")
# The Datadog Agent refuses a library that others can access or the group can write.
set(KCHECK_DATADOG_LIBRARY_PERMISSIONS OWNER_READ OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)

# kcheck_add_gzip(<target> <input> <output>): <output> is <input> compressed as Debian wants
# documentation compressed (gzip -9n: no file name, no time stamp), rebuilt with <input>.
function(kcheck_add_gzip target input output)
  add_custom_command(
    OUTPUT ${output}
    COMMAND sh -c "gzip -9n < \"$1\" > \"$2\"" sh ${input} ${output}
    DEPENDS ${input}
    COMMENT "Compressing ${output}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
endfunction()
