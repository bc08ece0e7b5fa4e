#!/usr/bin/env bash
# Cross-builds bramble for arm64 (Raspberry Pi OS 64-bit is Debian bookworm) on an amd64 Debian 12:
# installs Debian's arm64 cross compiler, qemu's user-mode emulator and the arm64 libraries
# (multiarch, beside the host's), builds a release tree in build/arm64 with the unit tests, runs
# them under qemu and makes the arm64 .deb packages in build/arm64/packages.
#
# What does not cross-build, and why:
# - libyaml-cpp-dev is not multiarch in bookworm (installing the arm64 one removes the host's), so
#   its arm64 headers and CMake files are unpacked into build/arm64-deps instead; the runtime
#   library (libyaml-cpp0.7:arm64) is installed normally.
# - libopenmpi-dev:arm64 pulls openmpi-bin:arm64, which removes the host's Open MPI: the arm64
#   packages have no MPI kernels (bramble-kernels holds only the single-node ones).
#
# Measured on 7 Dec 2026 (2 shared cores, load ~7, nice -n 15, -j2, cold compiler cache for arm64):
# the programs the packages hold built in 9 min (144 compile steps); cpack made bramble-tools (3.1 MB),
# bramble-node (2.0 MB), bramble-head (1.5 MB) and bramble-kernels (64 kB), all Architecture:
# arm64 with dpkg-shlibdeps' Depends on the arm64 libraries (libyaml-cpp0.7, libsqlite3-0,
# libhwloc15, libacl1, libgpiod2, libstdc++6, libc6). tests/packages/check-arm64-node.sh with
# them: the arm64 scheduler and execd start under qemu, qhost lists the node as lx-arm64 and a
# job runs to its end (4 s). The unit tests (98 more compile steps, 8 min; the integration tests
# 4 more) pass under qemu: 539 of 540, all but the one that needs PR_SET_CHILD_SUBREAPER, which
# qemu-user does not emulate.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/build-arm64.sh [-h]

Installs what the arm64 cross build needs (apt-get, needs root), builds build/arm64 (Release,
installed to /usr), makes the arm64 packages in build/arm64/packages and runs the unit tests
under qemu-aarch64-static. BRAMBLE_JOBS limits parallel compile jobs (default: every core).
USAGE
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) echo "build-arm64.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
source=$PWD
build=$source/build/arm64
deps=$source/build/arm64-deps
jobs="${BRAMBLE_JOBS:-$(nproc)}"

packages=(
    crossbuild-essential-arm64 qemu-user-static cmake ninja-build pkg-config dpkg-dev file
    nlohmann-json3-dev libcli11-dev
    libboost-dev:arm64 libyaml-cpp0.7:arm64 libhwloc-dev:arm64 libsqlite3-dev:arm64
    libsodium-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64 libgpiod-dev:arm64 libacl1-dev:arm64
)

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "build-arm64.sh: run as root to install packages" >&2; exit 1; }
    as_root=(sudo)
fi

# Others may be installing at the same time: wait for dpkg's lock rather than fail.
apt() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "build-arm64.sh: adding the arm64 architecture to dpkg"
    "${as_root[@]}" dpkg --add-architecture arm64
    apt update
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "build-arm64.sh: installing ${missing[*]}"
    apt-cache show libsodium-dev:arm64 >/dev/null 2>&1 || apt update
    apt install -y --no-install-recommends "${missing[@]}"
fi

yaml_cpp_dir=$deps/usr/lib/aarch64-linux-gnu/cmake/yaml-cpp
if [[ ! -f $yaml_cpp_dir/yaml-cpp-config.cmake ]]; then
    download=$(mktemp -d)
    # apt-get download fetches as _apt when it may write there.
    chown _apt "$download" 2>/dev/null || true
    (cd "$download" && apt-get download libyaml-cpp-dev:arm64)
    mkdir -p "$deps"
    dpkg-deb -x "$download"/libyaml-cpp-dev_*_arm64.deb "$deps"
    rm -rf "$download"
    # The CMake files name the library beside themselves; the installed runtime library is it.
    runtime=$(dpkg -L libyaml-cpp0.7:arm64 | grep '/libyaml-cpp\.so\.[0-9.]*$' | sort | tail -1)
    ln -sf "$runtime" "$deps/usr/lib/aarch64-linux-gnu/$(basename "$runtime")"
fi

echo "build-arm64.sh: configuring and building build/arm64 with $jobs jobs"
start=$SECONDS
cmake -S "$source" -B "$build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$source/etc/toolchain-arm64.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DBRAMBLE_TESTS=ON \
    -Dyaml-cpp_DIR="$yaml_cpp_dir" \
    -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST
# Everything, so the packages hold whatever the install rules name; the integration tests build
# too but need a cluster of arm64 daemons, which tests/packages/check-arm64-node.sh starts instead.
cmake --build "$build" -j "$jobs"
echo "build-arm64.sh: built in $((SECONDS - start)) s"

# dpkg-shlibdeps works cross as it is: it looks for the libraries of each program's own ELF
# machine, in the multiarch folders /etc/ld.so.conf.d names, and finds their libfoo:arm64 packages.
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB -B "$build/packages")
rm -rf "$build/packages/_CPack_Packages"
ls -l "$build"/packages/*.deb

# qemu-user (7.2, bookworm) answers prctl(PR_SET_CHILD_SUBREAPER) with EINVAL, so under it the
# shepherd never inherits what escaped a job's process group; a real arm64 kernel does.
needs_subreaper=ShepherdTest.KillRequestKillsTheJobAndWhatEscapedItsGroup
failed=0
for test in "$build"/bin/unit_*; do
    echo "build-arm64.sh: $(basename "$test") under qemu-aarch64-static"
    qemu-aarch64-static "$test" --gtest_brief=1 --gtest_filter="-$needs_subreaper" || failed=1
done
[[ $failed -eq 0 ]] || { echo "build-arm64.sh: unit tests failed under qemu" >&2; exit 1; }
echo "build-arm64.sh: the arm64 unit tests pass under qemu; packages in $build/packages"
