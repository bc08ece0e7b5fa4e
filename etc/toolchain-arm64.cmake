# Cross-builds bramble for arm64 (Raspberry Pi OS 64-bit, Debian bookworm) with Debian's own cross
# compiler (crossbuild-essential-arm64) and the arm64 libraries installed side by side with the
# host's (dpkg multiarch: /usr/lib/aarch64-linux-gnu). etc/build-arm64.sh installs both and uses it:
#   cmake -B build/arm64 -DCMAKE_TOOLCHAIN_FILE=etc/toolchain-arm64.cmake ...
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Multiarch: the arm64 libraries live in /usr beside the host's, so the root is / and the
# architecture's library folder tells them apart.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# The host's .pc files would hand the compiler amd64 libraries.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
# Tests and gtest's discovery run the arm64 programs under qemu's user-mode emulator; the arm64
# loader and libraries are the multiarch ones in /lib/aarch64-linux-gnu, so it needs no -L.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
# Open MPI's arm64 development files do not install beside the host's (libopenmpi-dev:arm64 pulls
# openmpi-bin:arm64, which replaces the host's): find_package(MPI) would find the host's mpicxx and
# link amd64 libraries, so the cross build leaves the MPI kernels out.
set(CMAKE_DISABLE_FIND_PACKAGE_MPI ON)
# The packages are arm64's, whatever dpkg says the building machine is.
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
