#!/bin/bash
# What one big array job costs the scheduler (issue 12 item 7: "a 100,000-task array under 20 MB of
# scheduler memory"): a scheduler alone (no execd, so nothing runs and no pass places anything)
# takes `qsub -terse -h -t 1-N -b y true`, as many as TASKS needs (an array has at most 75,000
# tasks, Grid Engine's max_aj_tasks: 100,000 tasks are 1-75000 and 1-25000), and the script prints
#   the scheduler's VmRSS idle, with the array queued, and after a restart replayed the spool;
#   the spool's size with the array queued (scheduler.db and its WAL);
#   the submissions' wall time (one qsub process each), a full listing's, and qdel of the arrays.
# Builds nothing: it runs the binaries in $BRAMBLE_BIN.
#
# usage: bench/array_memory.sh [TASKS]     (TASKS defaults to 100000)
# env:   BRAMBLE_BIN  where the binaries are (default build/release/bin, relative to the repo)
#        KEEP=1       keep the temporary directory (the scheduler's log) after the run
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
TASKS="${1:-100000}"
BIN="${BRAMBLE_BIN:-build/release/bin}"
[[ "$BIN" = /* ]] || BIN="$REPO/$BIN"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if ! [[ "$TASKS" =~ ^[0-9]+$ ]] || [ "$TASKS" -lt 1 ]; then die "TASKS must be a positive integer"; fi
for tool in bramble-scheduler qsub qstat qdel qhost; do
    [ -x "$BIN/$tool" ] || die "$BIN/$tool is missing: build the tree first (see bench/README.md)"
done

D=$(mktemp -d /tmp/bramble-array-bench.XXXXXX)
export BRAMBLE_SOCKET="$D/s.sock"
SCHED_PID=""

alive() { kill -0 "$1" 2>/dev/null; }
wait_for() {  # SECONDS COMMAND... : polls COMMAND every 0.05 s until it succeeds or time is up
    local deadline=$((EPOCHSECONDS + $1))
    shift
    until "$@"; do
        [ "$EPOCHSECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}
stop_scheduler() {  # only the scheduler this script started
    [ -n "$SCHED_PID" ] && alive "$SCHED_PID" || return 0
    kill -TERM "$SCHED_PID" 2>/dev/null
    wait_for 20 bash -c "! kill -0 $SCHED_PID 2>/dev/null" || kill -KILL "$SCHED_PID" 2>/dev/null
    wait "$SCHED_PID" 2>/dev/null
    SCHED_PID=""
}
cleanup() {
    stop_scheduler
    if [ "${KEEP:-0}" = 1 ]; then log "kept: $D"; else rm -rf "$D"; fi
}
trap cleanup EXIT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SCHED_PID/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
spool_kb() { du -k -c "$D"/scheduler.db* 2>/dev/null | awk 'END {print $1}'; }
answers() { "$BIN/qhost" >/dev/null 2>&1; }  # a small reply, whatever the queue holds
now() { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }

port_or_gone() { test -s "$D/port" || ! alive "$SCHED_PID"; }
start_scheduler() {
    rm -f "$D/port"
    "$BIN/bramble-scheduler" --config "$D/cluster.yaml" --spool "$D" --socket "$D/s.sock" \
        --listen 127.0.0.1:0 --port-file "$D/port" --cluster-key "$D/cluster.key" \
        >>"$D/scheduler.log" 2>&1 &
    SCHED_PID=$!
    wait_for 600 port_or_gone || die "the scheduler wrote no port file (see $D/scheduler.log)"
    alive "$SCHED_PID" || die "the scheduler exited: $(tail -1 "$D/scheduler.log")"
    wait_for 600 answers || die "qhost does not answer (see $D/scheduler.log)"
}

(umask 077 && head -c 32 /dev/urandom >"$D/cluster.key")
printf 'max_queued_per_user: %d\n' "$((TASKS + 10))" >"$D/cluster.yaml"
start_scheduler
sleep 1  # let the daemon settle before its idle figure (not part of any timing)
idle=$(rss_kb)
echo "tasks=$TASKS"
echo "scheduler_rss_idle_mib=$(mib "$idle")"

MAX_AJ_TASKS=75000
jobs=()
t0=$(now)
for ((left = TASKS; left > 0; left -= MAX_AJ_TASKS)); do
    size=$((left < MAX_AJ_TASKS ? left : MAX_AJ_TASKS))
    "$BIN/qsub" -terse -h -t "1-$size" -b y -N arraybench true >"$D/qsub.out" 2>&1 ||
        die "qsub failed: $(cat "$D/qsub.out")"
    jobs+=("$(cut -d. -f1 <"$D/qsub.out")")
done
echo "submit_s=$(since "$t0")"
echo "arrays=${jobs[*]}"
queued=$(rss_kb)
echo "scheduler_rss_with_arrays_mib=$(mib "$queued")"
echo "scheduler_rss_above_idle_mib=$(mib $((queued - idle)))"
echo "spool_with_arrays_mib=$(mib "$(spool_kb)")"

# A listing that fails (a reply over the frame limit) is reported, not fatal.
t0=$(now)
lines=$("$BIN/qstat" -u '*' 2>"$D/qstat.err" | grep -c ' arraybench ')
echo "qstat_all_s=$(since "$t0")"
[ -s "$D/qstat.err" ] && lines="failed: $(head -c 200 "$D/qstat.err")"
echo "qstat_lines_of_the_arrays=$lines"

stop_scheduler
t0=$(now)
start_scheduler
echo "restart_s=$(since "$t0")"
echo "scheduler_rss_after_restart_mib=$(mib "$(rss_kb)")"

t0=$(now)
if "$BIN/qdel" "${jobs[@]}" >"$D/qdel.out" 2>&1; then
    echo "qdel_arrays_s=$(since "$t0")"
else
    echo "qdel_arrays_s=failed after $(since "$t0") s: $(head -c 200 "$D/qdel.out")"
fi
echo "scheduler_rss_after_qdel_mib=$(mib "$(rss_kb)")"
