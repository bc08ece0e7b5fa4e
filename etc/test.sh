#!/usr/bin/env bash
# The whole test suite, twice: the dev build, then the AddressSanitizer + UBSan build.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/test.sh [-h]

Installs missing dependencies, builds the dev preset and runs every test with ctest, then does the
same with the asan-ubsan preset, then runs every fuzz target briefly. Exits non-zero if any build or test fails.
USAGE
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) echo "test.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
etc/install-deps.sh

failed=()
for preset in dev asan-ubsan; do
    echo "=== test.sh: $preset ==="
    if ! etc/build.sh "$preset"; then
        failed+=("$preset build")
        continue
    fi
    # A failing test is run again, up to 3 times in all, so that one rare flake does not fail the
    # whole run. Known: Qdel.DeletesAPendingJob failed once in about 1,500 runs, not yet explained.
    if ! ctest --preset "$preset" --output-on-failure --repeat until-pass:3; then
        failed+=("$preset tests")
    fi
done

# Every parser of untrusted input runs under libFuzzer for a short while (longer runs: see README).
echo "=== test.sh: fuzz ==="
if etc/build.sh fuzz; then
    for target in fuzz_yaml_job fuzz_ge_script fuzz_wire fuzz_session_auth fuzz_client_request; do
        corpus=$(mktemp -d)
        seeds=()  # valid inputs to start from, so the fuzzer reaches past the first checks
        [[ -d "tests/fuzz/corpus/${target#fuzz_}" ]] && seeds=("tests/fuzz/corpus/${target#fuzz_}")
        if ! "build/fuzz/bin/$target" -max_total_time="${BRAMBLE_FUZZ_SECONDS:-20}" -max_len=4096 \
            "$corpus" "${seeds[@]}" >"build/fuzz/$target.log" 2>&1; then
            tail -n 30 "build/fuzz/$target.log" >&2
            failed+=("$target")
        fi
        rm -rf "$corpus"
    done
else
    failed+=("fuzz build")
fi

if [[ ${#failed[@]} -ne 0 ]]; then
    echo "test.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "test.sh: every build and test passed."
