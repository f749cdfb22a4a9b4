# Cross build for 64-bit Arm Linux with Debian's g++-aarch64-linux-gnu (preset `arm64`;
# scripts/setup_arm64.sh installs it and qemu-user). Test binaries run under qemu-user:
# CTest, and catch_discover_tests (DISCOVERY_MODE PRE_TEST), start them through
# CMAKE_CROSSCOMPILING_EMULATOR. Its -L points qemu at the cross toolchain's root, where it
# finds the aarch64 dynamic loader, libc and libstdc++.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Libraries come from the cross toolchain's root or from Debian's multiarch packages of the
# arm64 architecture (libfoo-dev:arm64: /usr/lib/aarch64-linux-gnu, headers in /usr/include),
# which the cross compiler searches too. Programs (pkg-config, qemu) are the build machine's.
set(KCHECK_AARCH64_ROOT /usr/aarch64-linux-gnu)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH ${KCHECK_AARCH64_ROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

find_program(KCHECK_QEMU_AARCH64 qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${KCHECK_QEMU_AARCH64} -L ${KCHECK_AARCH64_ROOT})
