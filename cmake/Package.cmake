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

# pkg-config: kcheck.pc, written at install time so that its prefix is the one installed to
# (`cmake --install --prefix <dir>`, or /usr in the Debian package). The archives are static, so
# their dependencies are Requires (not .private): `pkg-config --libs kcheck` is the whole link
# line, dependents first. Compile with -std=c++20.
install(CODE "
  set(KCHECK_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(KCHECK_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(KCHECK_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(KCHECK_PC_VERSION \"${PROJECT_VERSION}\")
  message(STATUS \"Installing: \$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/kcheck.pc\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/kcheck.pc.in\"
    \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig/kcheck.pc\" @ONLY)"
  COMPONENT Development)
