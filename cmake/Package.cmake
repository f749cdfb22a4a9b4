# The exported CMake package: find_package(kcheck) then link kcheck::parse (and friends).
include(CMakePackageConfigHelpers)
install(DIRECTORY plugin/include/kcheck DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES abi/kcheck.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT kcheckTargets NAMESPACE kcheck:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kcheck)
configure_package_config_file(cmake/kcheckConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/kcheckConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kcheck)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/kcheckConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/kcheckConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/kcheckConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kcheck)
