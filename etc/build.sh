#!/usr/bin/env bash
# Configures and builds bramble with one of the CMake presets (dev, release, asan-ubsan).
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/build.sh [dev|release|asan-ubsan|fuzz]

Configures build/<preset> with `cmake --preset` and builds it. The default preset is dev (Debug,
with tests). Set BRAMBLE_JOBS to limit parallel compile jobs (default: every core).
USAGE
}

preset="${1:-dev}"
case "$preset" in
    -h | --help) usage; exit 0 ;;
    dev | release | asan-ubsan | fuzz) ;;
    *) echo "build.sh: unknown preset '$preset'" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
jobs="${BRAMBLE_JOBS:-$(nproc)}"
echo "build.sh: configuring and building the $preset preset with $jobs jobs"
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$jobs"
echo "build.sh: binaries are in build/$preset/bin"
