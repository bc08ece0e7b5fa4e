#!/bin/bash
# bramble's throughput benchmark on a private one-node cluster: N trivial jobs (/bin/true, one slot
# each), submitted one qsub process at a time as a user's shell loop does. Measures
#   (a) qsub latency p50/p99 and submissions/s, against /bin/true run the same way (the baseline);
#   (b) end-to-end jobs/s, from the first submission until `qstat -u '*'` is empty; and, apart
#       from the qsub loop's own pace, from one `qrls` of N held jobs until the queue is empty;
#   (c) `qstat -u '*'` latency with QUERY_N (10,000) held jobs queued;
#   (d) scheduler and execd RSS, idle and loaded;
#   (e) one durable commit (a 4 KiB O_DSYNC write) on the disk of the cluster's spool, which
#       qsub's target allows on top of /bin/true + 1 ms;
# and prints each figure with its target. Builds nothing: it runs the binaries in $BRAMBLE_BIN.
#
# usage: bench/throughput.sh [N]            (N defaults to 1000)
# env:   BRAMBLE_BIN  where the binaries are (default build/release/bin, relative to the repo)
#        PHASES       comma list of submit,release,query (default all three)
#        QUERY_N      held jobs for the listing test (default 10000)
#        QUERY_REPS   timed listings (default 5)
#        MEM          per-job h_vmem (default 64M)
#        POLL         queue poll interval while waiting, s (default 0.1; bounds e2e's error)
#        TIMEOUT      wall limit per phase, s (default 1800)
#        SPAWN_RATE   the machine's fork+exec+wait per second, for the e2e target (default: the
#                     rate of the baseline loop, which includes bash's own fork overhead)
#        PROCS_PER_JOB processes bramble starts per job (default 2: execd -> shepherd -> job)
#        EXECD_ARGS   more bramble-execd options (e.g. --no-cgroups, to compare)
#        KEEP=1       keep the cluster's temp dir (logs) after the run
# Results: bench/results/bramble-N<N>-<time>.txt (key=value) and the raw latency files.
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
N="${1:-1000}"
BIN="${BRAMBLE_BIN:-build/release/bin}"
[[ "$BIN" = /* ]] || BIN="$REPO/$BIN"
PHASES="${PHASES:-submit,release,query}"
EXECD_ARGS="${EXECD_ARGS:-}"
QUERY_N="${QUERY_N:-10000}"
QUERY_REPS="${QUERY_REPS:-5}"
MEM="${MEM:-64M}"
POLL="${POLL:-0.1}"
TIMEOUT="${TIMEOUT:-1800}"
PROCS_PER_JOB="${PROCS_PER_JOB:-2}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -lt 1 ]; then die "N must be a positive integer, not '$N'"; fi
for tool in bramble-scheduler bramble-execd bramble-shepherd bramble-inventory qsub qstat qdel qhost; do
    [ -x "$BIN/$tool" ] || die "$BIN/$tool is missing: build the release tree first (see bench/README.md)"
done

D=$(mktemp -d /tmp/bramble-bench.XXXXXX)
export BRAMBLE_SOCKET="$D/s.sock"
SCHED_PID=""
EXECD_PID=""
mkdir -p "$RESULTS_DIR"
OUT="$RESULTS_DIR/bramble-N$N-$(date +%Y%m%d-%H%M%S).txt"
: >"$OUT"
kv() { printf '%s=%s\n' "$1" "$2" | tee -a "$OUT"; }

# ---- numbers ------------------------------------------------------------------------------------
fdiff() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.6f", a - b}'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}'; }
ms() { awk -v s="$1" 'BEGIN {printf "%.3f", s * 1000}'; }

# stats FILE -> "n=.. p50=.. p99=.. min=.. max=.." (seconds, nearest-rank percentiles)
stats() {
    sort -g "$1" | awk '
        { x[NR] = $1 }
        function q(p,  k) { k = int(p / 100 * NR); if (k < p / 100 * NR) k++; if (k < 1) k = 1; return x[k] }
        END { if (NR == 0) { print "n=0"; exit }
              printf "n=%d p50=%.6f p99=%.6f min=%.6f max=%.6f", NR, q(50), q(99), x[1], x[NR] }'
}
field() { sed -n "s/.*\<$2=\([^ ]*\).*/\1/p" <<<"$1"; }  # field "n=.. p50=.." p50

# latencies TB[i]-TA[i] of the last timed loop -> file $1
write_lat() {
    paste -d' ' <(printf '%s\n' "${TB[@]}") <(printf '%s\n' "${TA[@]}") |
        awk '{printf "%.6f\n", $1 - $2}' >"$1"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
rss_report() {  # $1 = when
    kv "rss_kb_scheduler_$1" "$(rss_kb "$SCHED_PID")"
    kv "rss_kb_execd_$1" "$(rss_kb "$EXECD_PID")"
}

# ---- the cluster --------------------------------------------------------------------------------
# wait_for SECONDS COMMAND... : polls COMMAND until it succeeds or the bound passes
wait_for() {
    local deadline=$((EPOCHSECONDS + $1))
    shift
    until "$@"; do
        [ "$EPOCHSECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
gone() { ! alive "$1"; }
stop_pid() {  # PID : TERM, bounded wait, then KILL (only the daemons this script started)
    alive "$1" || return 0
    kill -TERM "$1" 2>/dev/null
    wait_for 20 gone "$1" || kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
cleanup() {
    stop_pid "$EXECD_PID"
    stop_pid "$SCHED_PID"
    if [ "${KEEP:-0}" = 1 ]; then log "cluster dir kept: $D"; else rm -rf "$D"; fi
}
trap cleanup EXIT

node_listed() { "$BIN/qhost" 2>/dev/null | grep -q '^bench01\b'; }
start_cluster() {
    mkdir -p "$D/execd" "$D/tmp"
    (umask 077 && head -c 32 /dev/urandom >"$D/cluster.key")
    "$BIN/bramble-scheduler" --spool "$D" --socket "$D/s.sock" --listen 127.0.0.1:0 \
        --port-file "$D/port" --cluster-key "$D/cluster.key" >"$D/scheduler.log" 2>&1 &
    SCHED_PID=$!
    wait_for 30 test -s "$D/port" || die "scheduler wrote no port file (see $D/scheduler.log)"
    "$BIN/bramble-execd" --scheduler "127.0.0.1:$(cat "$D/port")" --name bench01 --cores 2 \
        --memory 4G --spool "$D/execd" --tmpdir "$D/tmp" --cluster-key "$D/cluster.key" \
        $EXECD_ARGS >"$D/execd.log" 2>&1 &
    EXECD_PID=$!
    wait_for 30 node_listed || die "qhost does not list bench01 (see $D/*.log)"
    if gone "$SCHED_PID" || gone "$EXECD_PID"; then die "a daemon exited during start (see $D/*.log)"; fi
}

# ---- the queue ----------------------------------------------------------------------------------
QSUB_ARGS=(-terse -b y -N benchjob -l "h_vmem=$MEM" -o /dev/null -e /dev/null)
queue_count() {  # jobs listed by qstat -u '*'; -1 when qstat fails
    local out
    out=$("$BIN/qstat" -u '*' 2>/dev/null) || { echo -1; return; }
    grep -c '^ *[0-9]' <<<"$out"
}
queue_empty() { [ "$(queue_count)" = 0 ]; }
wait_empty() {  # SECONDS
    local deadline=$((EPOCHSECONDS + $1))
    until queue_empty; do
        [ "$EPOCHSECONDS" -lt "$deadline" ] || return 1
        sleep "$POLL"
    done
}
delete_all() {
    "$BIN/qdel" -u "$(id -un)" >/dev/null 2>&1 && return 0
    "$BIN/qstat" -u '*' | awk '/^ *[0-9]/ {print $1}' | xargs -r -n 500 "$BIN/qdel" >/dev/null 2>&1
}

smoke() {  # one real job must run before anything is timed
    "$BIN/qsub" -b y -N benchsmoke -o /dev/null -e /dev/null /bin/touch "$D/smoke" >/dev/null ||
        die "the smoke job was refused"
    wait_for 60 test -e "$D/smoke" || die "the smoke job did not run within 60 s (see $D/*.log)"
    wait_empty 60 || die "the smoke job did not leave the queue"
}

# timed_loop COUNT COMMAND... : runs COMMAND COUNT times, one process each; fills TA/TB, FAILS
timed_loop() {
    local count=$1 i a deadline=$((EPOCHSECONDS + TIMEOUT))
    shift
    TA=() TB=() FAILS=0
    for ((i = 0; i < count; i++)); do
        a=$EPOCHREALTIME
        "$@" >/dev/null || FAILS=$((FAILS + 1))
        TA+=("$a") TB+=("$EPOCHREALTIME")
        [ "$EPOCHSECONDS" -lt "$deadline" ] || { log "loop hit TIMEOUT after $((i + 1))"; break; }
        [ "$FAILS" -le 20 ] || { log "too many failures of $1"; break; }
    done
}

# One durable commit on the spool's disk: a 4 KiB overwrite of a preallocated file with O_DSYNC,
# as SQLite's commit to a WAL that has wrapped is (write + fdatasync), median of 200.
measure_commit() {
    local file="$D/commit.probe" t0 each=()
    dd if=/dev/zero of="$file" bs=4096 count=1 status=none
    for _ in $(seq 200); do
        t0=$EPOCHREALTIME
        dd if=/dev/zero of="$file" bs=4096 count=1 oflag=dsync conv=notrunc status=none
        each+=("$(fdiff "$EPOCHREALTIME" "$t0")")
    done
    rm -f "$file"
    printf '%s\n' "${each[@]}" >"$D/commit_lat"
    # dd's own process start is in each figure: take it off with a non-syncing run of the same size
    local plain=()
    for _ in $(seq 200); do
        t0=$EPOCHREALTIME
        dd if=/dev/zero of="$D/plain.probe" bs=4096 count=1 conv=notrunc status=none
        plain+=("$(fdiff "$EPOCHREALTIME" "$t0")")
    done
    printf '%s\n' "${plain[@]}" >"$D/plain_lat"
    COMMIT_MS=$(ms "$(fdiff "$(field "$(stats "$D/commit_lat")" p50)" "$(field "$(stats "$D/plain_lat")" p50)")")
    kv durable_commit_ms "$COMMIT_MS"
}

# ---- phases -------------------------------------------------------------------------------------
phase_submit() {
    log "phase submit: baseline, then $N jobs"
    timed_loop "$N" /bin/true
    write_lat "$D/true_lat"
    local base t0 t1 t2 lat done_ok=0
    base=$(stats "$D/true_lat")
    kv true_lat "$base"
    kv true_per_s "$(fdiv "${#TA[@]}" "$(fdiff "${TB[-1]}" "${TA[0]}")")"
    rss_report idle
    t0=$EPOCHREALTIME
    timed_loop "$N" "$BIN/qsub" "${QSUB_ARGS[@]}" /bin/true
    t1=$EPOCHREALTIME
    write_lat "$D/qsub_lat"
    cp "$D/qsub_lat" "${OUT%.txt}.qsub_lat"
    SUBMITTED=$((${#TA[@]} - FAILS))
    lat=$(stats "$D/qsub_lat")
    kv submitted "$SUBMITTED"
    kv submit_failures "$FAILS"
    kv qsub_lat "$lat"
    kv submit_per_s "$(fdiv "$SUBMITTED" "$(fdiff "$t1" "$t0")")"
    QSUB_OVER_TRUE_MS=$(ms "$(fdiff "$(field "$lat" p50)" "$(field "$base" p50)")")
    kv qsub_minus_true_p50_ms "$QSUB_OVER_TRUE_MS"
    rss_report after_submit
    wait_empty "$TIMEOUT" && done_ok=1
    t2=$EPOCHREALTIME
    kv e2e_completed_all "$done_ok"
    kv e2e_wall_s "$(fdiff "$t2" "$t0")"
    E2E=$(fdiv "$SUBMITTED" "$(fdiff "$t2" "$t0")")
    [ "$done_ok" = 1 ] || { E2E="$E2E(partial)"; delete_all; wait_empty 300; }
    kv e2e_jobs_per_s "$E2E"
    SPAWN_RATE="${SPAWN_RATE:-$(fdiv 1 "$(field "$base" p50)")}"
}

# The scheduler and execd alone: N jobs queued held, then released by one qrls, so that the time
# to run them all is not bounded by how fast a shell loop can start qsub.
phase_release() {
    log "phase release: $N held jobs, one qrls"
    wait_empty 120 || die "queue not empty before the release phase"
    timed_loop "$N" "$BIN/qsub" -h "${QSUB_ARGS[@]}" /bin/true
    local held=$((${#TA[@]} - FAILS)) t0 done_ok=0
    kv release_held "$held"
    t0=$EPOCHREALTIME
    "$BIN/qrls" -u "$(id -un)" >/dev/null || log "qrls failed"
    wait_empty "$TIMEOUT" && done_ok=1
    kv release_completed_all "$done_ok"
    kv release_wall_s "$(fdiff "$EPOCHREALTIME" "$t0")"
    RELEASE_E2E=$(fdiv "$held" "$(fdiff "$EPOCHREALTIME" "$t0")")
    [ "$done_ok" = 1 ] || { RELEASE_E2E="$RELEASE_E2E(partial)"; delete_all; wait_empty 300; }
    kv release_jobs_per_s "$RELEASE_E2E"
}

phase_query() {
    log "phase query: $QUERY_N held jobs"
    wait_empty 120 || die "queue not empty before the query phase"
    rss_report idle_q
    local t0 t1 lat one jid
    t0=$EPOCHREALTIME
    timed_loop "$QUERY_N" "$BIN/qsub" -h "${QSUB_ARGS[@]}" /bin/true
    t1=$EPOCHREALTIME
    kv held_submitted "$((${#TA[@]} - FAILS))"
    kv held_submit_per_s "$(fdiv "$((${#TA[@]} - FAILS))" "$(fdiff "$t1" "$t0")")"
    kv queued_seen "$(queue_count)"
    rss_report queued
    timed_loop "$QUERY_REPS" "$BIN/qstat" -u '*'
    write_lat "$D/qstat_lat"
    lat=$(stats "$D/qstat_lat")
    kv qstat_all_lat "$lat"
    kv qstat_all_failures "$FAILS"
    # a failed listing is no listing: its time does not count towards the target
    [ "$FAILS" = 0 ] && QSTAT_P50_MS=$(ms "$(field "$lat" p50)")
    kv qstat_all_p50_ms "${QSTAT_P50_MS:-failed}"
    jid=$("$BIN/qstat" -u '*' | awk '/^ *[0-9]/ {print $1; exit}')
    timed_loop "$QUERY_REPS" "$BIN/qstat" -j "${jid:-1}"
    write_lat "$D/qstat_one_lat"
    one=$(stats "$D/qstat_one_lat")
    kv qstat_one_lat "$one"
    kv qstat_one_failures "$FAILS"
    t0=$EPOCHREALTIME
    delete_all
    kv delete_all_call_s "$(fdiff "$EPOCHREALTIME" "$t0")"
    wait_empty "$TIMEOUT" && kv drain_after_delete_s "$(fdiff "$EPOCHREALTIME" "$t0")"
    rss_report after_delete
}

# verdict NAME VALUE OP LIMIT : prints whether VALUE OP LIMIT holds (OP is le, ge or lt)
verdict() {
    local ok
    ok=$(awk -v v="${2%%(*}" -v l="$4" -v op="$3" 'BEGIN {
        if (v == "" || v == "nan") { print "not measured"; exit }
        r = (op == "le") ? v <= l : (op == "ge") ? v >= l : v < l
        print (r ? "met" : "missed") }')
    kv "target_$1" "$ok ($2 $3 $4)"
}

# ---- main ---------------------------------------------------------------------------------------
kv system bramble
kv version "$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
kv n "$N"
kv slots 2
kv machine "$(nproc) cpus, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
kv started "$(date -Is)"
kv loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
start_cluster
smoke
QSUB_OVER_TRUE_MS="" E2E="" RELEASE_E2E="" QSTAT_P50_MS="" SPAWN_RATE="${SPAWN_RATE:-}" COMMIT_MS=""
measure_commit
[[ ",$PHASES," == *,submit,* ]] && phase_submit
[[ ",$PHASES," == *,release,* ]] && phase_release
[[ ",$PHASES," == *,query,* ]] && phase_query
kv loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
kv finished "$(date -Is)"

kv procs_per_job "$PROCS_PER_JOB"
kv spawn_rate_per_s "${SPAWN_RATE:-nan}"
E2E_TARGET=$(awk -v s="${SPAWN_RATE:-0}" -v p="$PROCS_PER_JOB" 'BEGIN {printf "%.1f", 0.5 * s / p}')
# Acknowledged means durable: a submission may cost one durable commit on this disk, plus 1 ms.
verdict qsub_minus_true_ms "$QSUB_OVER_TRUE_MS" le "$(awk -v c="${COMMIT_MS:-0}" 'BEGIN {printf "%.3f", c + 1}')"
verdict e2e_jobs_per_s "$E2E" ge "$E2E_TARGET"
verdict release_jobs_per_s "$RELEASE_E2E" ge "$E2E_TARGET"
verdict "qstat_${QUERY_N}_queued_ms" "$QSTAT_P50_MS" lt 50
verdict execd_idle_rss_kb "$(grep -m1 '^rss_kb_execd_idle' "$OUT" | cut -d= -f2)" lt 4096
log "results: $OUT"
