# The exported CMake package: find_package(kcheck) then link kcheck::check (the whole check,
# plugin/include/kcheck/check.hpp) or kcheck::parse (the exposition parser alone).
# Everything a consumer needs is in the Development component: public headers, the static
# layers (parse, config, http, map, check) and these files; `cmake --install` installs it
# with the rest, `cmake --install <build> --component Development` alone.
include(CMakePackageConfigHelpers)
install(DIRECTORY plugin/include/kcheck DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT Development)
install(FILES abi/kcheck.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT Development)
install(EXPORT kcheckTargets NAMESPACE kcheck:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kcheck
        COMPONENT Development)
configure_package_config_file(cmake/kcheckConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/kcheckConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kcheck)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/kcheckConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kcheckConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/kcheckConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kcheck COMPONENT Development)
