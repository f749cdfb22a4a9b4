# Debian packages (CPack DEB, one package per install component): `bash scripts/package.sh`
# configures the release build with the Debian prefix, builds it and runs cpack. What goes where
# is in docs/packages.md.
#
#   component    package                 contents
#   Runtime      krakend-check           /usr/bin/krakend-check, the plugin, schemas, docs, examples
#   Datadog      krakend-check-datadog   the library in /etc/datadog-agent/checks.d, conf.d files
#   Collectd     krakend-check-collectd  /usr/lib/collectd/krakend.so, a collectd.conf.d example
#   Zabbix       krakend-check-zabbix    /usr/lib/zabbix/modules/zabbix_krakend.so, its snippet
#   Development  libkcheck-dev           headers, static layers, the CMake package, kcheck.pc
#
# Rules marked EXCLUDE_FROM_ALL are the packages' own (/etc files, copyright, changelog):
# `cmake --install` without --component leaves them out.

set(KCHECK_DEB_MAINTAINER "krakend-check maintainers <maintainers@users.noreply.r-seed-361a57cd.example>"
    CACHE STRING "Maintainer field of the Debian packages")
set(KCHECK_DEB_VERSION "${PROJECT_VERSION}")

set(kcheck_deb_components Runtime Datadog Zabbix Development)
if(KCHECK_HAVE_COLLECTD)
  list(APPEND kcheck_deb_components Collectd)
else()
  message(WARNING "collectd headers not found: no krakend-check-collectd package")
endif()
set(kcheck_deb_Runtime krakend-check)
set(kcheck_deb_Datadog krakend-check-datadog)
set(kcheck_deb_Collectd krakend-check-collectd)
set(kcheck_deb_Zabbix krakend-check-zabbix)
set(kcheck_deb_Development libkcheck-dev)

# --- the packages' own files -------------------------------------------------------------------

set(kcheck_deb_dir ${PROJECT_SOURCE_DIR}/cmake/deb)
set(kcheck_deb_build ${PROJECT_BINARY_DIR}/deb)

# Debian's changelog for a native package (changelog.gz), dated by SOURCE_DATE_EPOCH when set
# (scripts/package.sh sets it to the commit's time).
string(TIMESTAMP KCHECK_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${kcheck_deb_dir}/changelog.in ${kcheck_deb_build}/changelog @ONLY)
kcheck_add_gzip(kcheck_deb_changelog ${kcheck_deb_build}/changelog
                ${kcheck_deb_build}/changelog.gz)

# Each package's copyright, changelog and lintian overrides (cmake/deb/<package>.lintian-overrides,
# each with its reason).
foreach(component IN LISTS kcheck_deb_components)
  set(package ${kcheck_deb_${component}})
  install(FILES ${kcheck_deb_dir}/copyright ${kcheck_deb_build}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          COMPONENT ${component} EXCLUDE_FROM_ALL)
  if(EXISTS ${kcheck_deb_dir}/${package}.lintian-overrides)
    install(FILES ${kcheck_deb_dir}/${package}.lintian-overrides
            DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME ${package}
            COMPONENT ${component} EXCLUDE_FROM_ALL)
  endif()
endforeach()

# Datadog: the Agent loads libdatadog-agent-<check>.so from its checks.d only, with the owner
# and mode its loader accepts (the postinst gives the dd-agent group access).
install(DIRECTORY DESTINATION /etc/datadog-agent/checks.d
        DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
        COMPONENT Datadog EXCLUDE_FROM_ALL)
install(TARGETS kcheck_datadog LIBRARY DESTINATION /etc/datadog-agent/checks.d
        PERMISSIONS ${KCHECK_DATADOG_LIBRARY_PERMISSIONS}
        COMPONENT Datadog EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/examples/datadog/conf.d/krakend_native.d/conf.yaml
        DESTINATION /etc/datadog-agent/conf.d/krakend_native.d RENAME conf.yaml.example
        COMPONENT Datadog EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/examples/datadog/conf.d/krakend_native.d/auto_conf.yaml
        DESTINATION /etc/datadog-agent/conf.d/krakend_native.d
        COMPONENT Datadog EXCLUDE_FROM_ALL)

# collectd: the <Plugin krakend> part of examples/collectd/collectd.conf as a collectd.conf.d
# snippet, inert until renamed (Debian's collectd.conf includes collectd.conf.d/*.conf).
file(READ ${PROJECT_SOURCE_DIR}/examples/collectd/collectd.conf kcheck_collectd_example)
string(FIND "${kcheck_collectd_example}" "LoadPlugin krakend\n" kcheck_from)
string(SUBSTRING "${kcheck_collectd_example}" ${kcheck_from} -1 kcheck_collectd_block)
file(WRITE ${kcheck_deb_build}/krakend.conf.example
  "# /etc/collectd/collectd.conf.d/krakend.conf.example: the collectd plugin of krakend-check\n"
  "# (/usr/share/doc/krakend-check/agents.md, \"collectd\"). Rename it to krakend.conf to load\n"
  "# the plugin: Debian's collectd.conf includes /etc/collectd/collectd.conf.d/*.conf.\n\n"
  "${kcheck_collectd_block}")
install(FILES ${kcheck_deb_build}/krakend.conf.example DESTINATION /etc/collectd/collectd.conf.d
        COMPONENT Collectd EXCLUDE_FROM_ALL)

# Zabbix: the agent snippet, inert until renamed (a module that fails to load stops the agent,
# and LoadModulePath may appear once: the administrator decides), the module's configuration
# and the template as examples.
install(FILES ${PROJECT_SOURCE_DIR}/examples/zabbix/zabbix_agentd.conf.d/krakend.conf
        DESTINATION /etc/zabbix/zabbix_agentd.conf.d RENAME krakend.conf.example
        COMPONENT Zabbix EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/examples/zabbix/krakend.yaml
              ${PROJECT_SOURCE_DIR}/examples/zabbix/template_krakend.yaml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/krakend-check-zabbix/examples
        COMPONENT Zabbix EXCLUDE_FROM_ALL)

# Files under /etc are conffiles, except the Datadog library (see its lintian overrides).
set(kcheck_deb_conffiles_Datadog
  /etc/datadog-agent/conf.d/krakend_native.d/conf.yaml.example
  /etc/datadog-agent/conf.d/krakend_native.d/auto_conf.yaml)
set(kcheck_deb_conffiles_Collectd /etc/collectd/collectd.conf.d/krakend.conf.example)
set(kcheck_deb_conffiles_Zabbix /etc/zabbix/zabbix_agentd.conf.d/krakend.conf.example)
foreach(component Datadog Collectd Zabbix)
  string(REPLACE ";" "\n" kcheck_lines "${kcheck_deb_conffiles_${component}}")
  file(WRITE ${kcheck_deb_build}/${component}/conffiles "${kcheck_lines}\n")
endforeach()
configure_file(${kcheck_deb_dir}/datadog-postinst ${kcheck_deb_build}/Datadog/postinst COPYONLY)

# --- CPack ---------------------------------------------------------------------------------------

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME krakend-check)
set(CPACK_PACKAGE_VENDOR "krakend-check")
set(CPACK_PACKAGE_VERSION ${KCHECK_DEB_VERSION})
set(CPACK_PACKAGE_CONTACT "${KCHECK_DEB_MAINTAINER}")
# Empty: each package's synopsis is the first line of its own description below (CPack would put
# this summary before it).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_SOURCE_DIR}/dist)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${kcheck_deb_components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KCHECK_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

foreach(component IN LISTS kcheck_deb_components)
  string(TOUPPER ${component} c)
  set(CPACK_DEBIAN_${c}_PACKAGE_NAME ${kcheck_deb_${component}})
  if(EXISTS ${kcheck_deb_build}/${component}/conffiles)
    set(CPACK_DEBIAN_${c}_PACKAGE_CONTROL_EXTRA ${kcheck_deb_build}/${component}/conffiles)
  endif()
endforeach()
list(APPEND CPACK_DEBIAN_DATADOG_PACKAGE_CONTROL_EXTRA ${kcheck_deb_build}/Datadog/postinst)

set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "native monitoring check for the KrakenD API gateway
krakend-check scrapes KrakenD's Prometheus endpoint, parses Prometheus text
and OpenMetrics with a strict zero-copy parser and renames the metrics to the
krakend.api.* names of Datadog's dashboards.
.
This package contains the check as a plugin with a stable C ABI, the
krakend-check command that runs it once and prints what it submits, the JSON
Schemas of its configuration, the documentation and examples.")
set(CPACK_DEBIAN_DATADOG_DESCRIPTION "KrakenD check for the Datadog Agent (shared-library check)
The native krakend-check as a Datadog Agent shared-library check named
krakend_native: the library in /etc/datadog-agent/checks.d, an example
conf.yaml and an Autodiscovery template for containers of the krakend image.
.
The Agent must have shared_library_check.enabled set in datadog.yaml.")
set(CPACK_DEBIAN_DATADOG_PACKAGE_ENHANCES datadog-agent)
set(CPACK_DEBIAN_COLLECTD_DESCRIPTION "KrakenD check as a collectd plugin
The native krakend-check as the collectd plugin krakend.so, and an example
collectd.conf.d snippet that loads it.")
# collectd's plugin interface has no version: the plugin is built for the daemon of Debian 12.
set(CPACK_DEBIAN_COLLECTD_PACKAGE_DEPENDS "collectd-core (>= 5.12), collectd-core (<< 5.13)")
set(CPACK_DEBIAN_ZABBIX_DESCRIPTION "KrakenD check as a Zabbix agent loadable module
The native krakend-check as the Zabbix agent 6.0+ module zabbix_krakend.so,
an agent configuration snippet that loads it, and a template.")
set(CPACK_DEBIAN_ZABBIX_PACKAGE_ENHANCES zabbix-agent)
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION "KrakenD check as a C++ library (development files)
The layers of krakend-check (exposition parser, configuration, scraper,
metric map and the check) as static libraries with their public C++
headers, the plugin's C ABI header, a CMake package (find_package(kcheck))
and a pkg-config file (kcheck).")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
# What the static layers link: the consumer links them too (cmake/kcheckConfig.cmake.in).
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
  "libboost-dev (>= 1.74), libssl-dev, zlib1g-dev, libyaml-cpp-dev, libre2-dev, libc-ares-dev, libdeflate-dev, pkgconf | pkg-config")

include(CPack)
