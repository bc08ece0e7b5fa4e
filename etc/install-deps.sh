#!/usr/bin/env bash
# Installs what bramble's build and tests need on Debian 12 (or a close relative). Does nothing
# when everything is already there; runs `apt-get update` only when something must be installed.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/install-deps.sh [-h]

Installs with apt-get the compilers, libraries and tools bramble's build and tests use
(cmake, ninja, g++, Boost, yaml-cpp, hwloc, nlohmann-json, CLI11, SQLite, OpenSSL, GoogleTest,
Open MPI, clang for the fuzzers, groff for the man pages, python3-drmaa and snakemake for the
DRMAA and workflow tests, ...). Needs root, or sudo.
USAGE
}

packages=(
    cmake ninja-build g++ pkg-config
    libboost-dev libyaml-cpp-dev libhwloc-dev nlohmann-json3-dev libcli11-dev
    libsqlite3-dev libsodium-dev libgtest-dev libgmock-dev
    openmpi-bin libopenmpi-dev
    clang libclang-rt-dev
    libgpiod-dev libacl1-dev
    iproute2 procps passwd util-linux
    # Debian packages (cpack -G DEB): dpkg-shlibdeps, and file to find the programs in them
    dpkg-dev file
    gnuplot-nox
    # the Snakemake 7 workflow tests (tests/integration/snakemake_test.cpp, drmaa_test.cpp)
    snakemake
    # libdrmaa's test with Debian's python-drmaa (tests/integration/drmaa_test.cpp)
    python3-drmaa
    # the man pages' test (tests/man/check-man-pages.sh)
    groff-base
)

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) echo "install-deps.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "install-deps.sh: this script needs apt-get and dpkg (Debian, Raspberry Pi OS, Ubuntu)." >&2
    echo "Install these packages with your system's tools instead: ${packages[*]}" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps.sh: every package bramble needs is installed."
    exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        echo "install-deps.sh: missing ${missing[*]}; run this script as root to install them." >&2
        exit 1
    fi
    as_root=(sudo)
fi

echo "install-deps.sh: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
