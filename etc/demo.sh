#!/usr/bin/env bash
# The tour: builds bramble, starts a 4-node cluster on this machine, submits the example jobs, shows
# the queue, deletes one job, restarts the scheduler to show nothing is lost, and prints the results.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/demo.sh [--keep] [--no-build]

Installs missing dependencies, builds the release preset, starts a local 4-node cluster
(etc/local-cluster.sh), shows qhost, submits etc/jobs/hello.yaml, etc/jobs/hello-ge.sh, the jobs in
etc/jobs/batch/ and etc/jobs/sleep.yaml, shows qstat while they run, deletes the sleep job with qdel,
restarts the scheduler and shows the queue is intact, waits for the rest, prints each job's output
files and exit status, and stops the cluster.

  --keep      leave the cluster running at the end (stop it with etc/local-cluster.sh stop)
  --no-build  skip installing dependencies and building (use the binaries already built)
USAGE
}

keep=0
build=1
for arg in "$@"; do
    case "$arg" in
        --keep) keep=1 ;;
        --no-build) build=0 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "demo.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export BRAMBLE_BIN="${BRAMBLE_BIN:-$repo/build/release/bin}"
export BRAMBLE_LOCAL_DIR="${BRAMBLE_LOCAL_DIR:-/tmp/bramble-local}"
PATH="$BRAMBLE_BIN:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if ((build)); then
    step "Installing dependencies and building the release preset"
    etc/install-deps.sh
    etc/build.sh release
fi

step "Starting a local cluster of 4 nodes"
etc/local-cluster.sh stop >/dev/null
# Each pretend Pi gets all of this machine's cores (at most 4), so the two-slot job has room.
cores=$(nproc)
etc/local-cluster.sh start --nodes 4 --cores $((cores < 4 ? cores : 4))
BRAMBLE_SOCKET="$(cat "$BRAMBLE_LOCAL_DIR/socket")"
export BRAMBLE_SOCKET
if ((!keep)); then
    trap '"$repo/etc/local-cluster.sh" stop' EXIT
fi

step "qhost"
qhost

# Jobs with `cwd: true` or -cwd write their output where qsub runs: a folder of their own.
outputs="$BRAMBLE_LOCAL_DIR/demo"
rm -rf "$outputs"
mkdir -p "$outputs"
cd "$outputs"

declare -a ids=()
submit() {
    local job="$1" answer
    echo "\$ qsub $job"
    if answer="$(qsub "$repo/$job")"; then
        echo "$answer"
        last_id="$(sed -n 's/^Your job \([0-9]*\) .*/\1/p' <<<"$answer")"
        ids+=("$last_id")
    else
        echo "(refused, as shown above: this machine's nodes are too small for it)"
        last_id=""
    fi
}

step "Submitting the example jobs"
submit etc/jobs/hello.yaml
submit etc/jobs/hello-ge.sh
for job in "$repo"/etc/jobs/batch/*; do
    submit "etc/jobs/batch/$(basename "$job")"
done
submit etc/jobs/sleep.yaml
sleep_id="$last_id"

step "qstat while they run"
qstat

if [[ -n "$sleep_id" ]]; then
    step "qdel $sleep_id (the sleep job)"
    qdel "$sleep_id"
fi

step "Restarting the scheduler: the queue survives"
echo "before:"
qstat
"$repo/etc/local-cluster.sh" restart-scheduler
echo "after:"
qstat

step "Waiting for the rest to finish"
deadline=$((SECONDS + 300))
while [[ -n "$(qstat)" ]]; do
    ((SECONDS < deadline)) || { echo "demo.sh: jobs still queued after 5 minutes:" >&2; qstat >&2; exit 1; }
    sleep 1
done
echo "the queue is empty"

step "Results"
for id in "${ids[@]}"; do
    echo "--- job $id: $(qacct -j "$id" | grep -E '^(jobname|exit_status|failed) ' | tr -s ' ' | paste -sd ';' -)"
    for file in "$outputs"/*.[oe]"$id"; do
        [[ -s "$file" ]] || continue
        echo "  $(basename "$file"):"
        sed 's/^/    /' "$file"
    done
done

if ((keep)); then
    echo
    echo "The cluster is still running (export BRAMBLE_SOCKET=$BRAMBLE_SOCKET)."
    echo "Stop it with: etc/local-cluster.sh stop"
fi
