#!/bin/bash
# bramble's scaling table: the MPI kernels bramble-pi and bramble-mergesort on 1, 2 and 4 nodes of a
# real multi-host cluster (etc/netns-cluster.sh: the scheduler and 4 execds in their own network
# namespaces, one core each, so "nodes" here is also "ranks"), each run as a parallel job through
# the scheduler (`qsub -pe PE N`, a plain `mpirun` inside that starts its ranks with qrsh -inherit).
# Each (kernel, nodes) runs R times; the table holds the median of the kernel's own elapsed time
# (its "elapsed ... s" line, which leaves out MPI start-up), speedup T1/TN and efficiency speedup/N,
# and the median job wall time as this script sees it (submission until the job leaves qstat).
# Every run must print its checked answer (and no WRONG line), exit 0, and place its ranks on N
# distinct hosts; otherwise the script stops with the job's output. Builds nothing.
#
# usage: bench/scaling.sh                     (root: network namespaces)
# env:   BRAMBLE_BIN   daemons, tools and kernels (default build/release/bin, relative to the repo;
#                      needs bramble-pi, bramble-mergesort and qrsh: a build with BRAMBLE_KERNELS=ON)
#        REPS          runs per (kernel, nodes), median taken (default 3)
#        NODES         node counts, space separated, the first is the baseline (default "1 2 4")
#        PE            parallel environment that spreads one slot per node (default mpi_rr:
#                      $round_robin; with 1 core per node mpi's $fill_up spreads the same way)
#        PI_INTERVALS  bramble-pi --intervals (default 3000000000)
#        PI_SLICES     bramble-pi --slices (default 400)
#        SORT_COUNT    bramble-mergesort --count (default 30000000)
#        NODE_MEMORY   memory each node offers (default 2G)
#        TIMEOUT       wall limit per job, s (default 600)
#        YIELD         OMPI_MCA_mpi_yield_when_idle for the jobs (default 1: ranks waiting for a
#                      message yield the core instead of spinning, as the nodes share cores here)
#        UNPIN         0 (default): the ranks stay in their job's cpuset on each node (node i binds
#                      from machine core i-1 on, wrapping around). 1: each rank runs under
#                      `taskset -c <every cpu>` and mpirun with --bind-to none, to compare.
#        KEEP=1        keep the cluster's directory (logs, spools, job outputs) afterwards
# Results: bench/results/scaling-<time>.md (the table), .png (speedup against nodes, with the
# ideal line; drawn by gnuplot), .runs.tsv (every run) and .gnuplot (the plot's script and data).
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
BIN="${BRAMBLE_BIN:-build/release/bin}"
[[ "$BIN" = /* ]] || BIN="$REPO/$BIN"
REPS="${REPS:-3}"
NODES="${NODES:-1 2 4}"
PE="${PE:-mpi_rr}"
PI_INTERVALS="${PI_INTERVALS:-3000000000}"
PI_SLICES="${PI_SLICES:-400}"
SORT_COUNT="${SORT_COUNT:-30000000}"
NODE_MEMORY="${NODE_MEMORY:-2G}"
TIMEOUT="${TIMEOUT:-600}"
YIELD="${YIELD:-1}"
UNPIN="${UNPIN:-0}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
KERNELS=(pi mergesort)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- checks -------------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "network namespaces need root; run with sudo"
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, not '$REPS'"
MAX_NODES=0
for n in $NODES; do
    [[ "$n" =~ ^[1-9]$ ]] || die "NODES holds '$n': each must be between 1 and 9"
    [ "$n" -gt "$MAX_NODES" ] && MAX_NODES=$n
done
[ "$MAX_NODES" -gt 0 ] || die "NODES is empty"
for tool in bramble-scheduler bramble-execd bramble-shepherd qsub qstat qdel qacct qhost qrsh \
    bramble-pi bramble-mergesort; do
    [ -x "$BIN/$tool" ] || die "$BIN/$tool is missing: build a tree with BRAMBLE_KERNELS=ON (see bench/README.md)"
done
MPIRUN="$(command -v mpirun)" || die "Open MPI's mpirun is missing (apt-get install openmpi-bin)"
GNUPLOT="$(command -v gnuplot)" || die "gnuplot is missing (apt-get install gnuplot-nox, or etc/install-deps.sh)"
TASKSET="$(command -v taskset)" || [ "$UNPIN" != 1 ] || die "util-linux's taskset is missing (UNPIN=1 needs it)"
if ip netns list | grep -q '^bramble-head\b'; then
    die "a netns cluster is already running (etc/netns-cluster.sh status); not touching it"
fi

STAMP="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS_DIR"
OUT="$RESULTS_DIR/scaling-$STAMP"
# netns-cluster.sh empties its own directory on start: the config and job outputs live beside it.
TMPD="$(mktemp -d /tmp/bramble-scaling.XXXXXX)"
WORK="$TMPD/work"
export BRAMBLE_NETNS_DIR="$TMPD/cluster" BRAMBLE_SOCKET="$TMPD/cluster/scheduler.sock" BRAMBLE_BIN="$BIN"
STARTED=0

# ---- the cluster --------------------------------------------------------------------------------
cleanup() {
    if [ "$STARTED" = 1 ]; then
        "$REPO/etc/netns-cluster.sh" stop >/dev/null 2>&1 || log "netns-cluster.sh stop failed"
    fi
    if [ "${KEEP:-0}" = 1 ]; then log "cluster dir kept: $TMPD"; else rm -rf "$TMPD"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_cluster() {
    cat >"$TMPD/cluster.yaml" <<'YAML'
parallel_environments:
  mpi: {allocation_rule: $fill_up}
  mpi_rr: {allocation_rule: $round_robin}
  one_per_node: {allocation_rule: 1}
YAML
    mkdir -p "$WORK"
    STARTED=1
    "$REPO/etc/netns-cluster.sh" start --nodes "$MAX_NODES" --cores 1 --memory "$NODE_MEMORY" \
        --config "$TMPD/cluster.yaml" >&2 || die "the netns cluster did not start"
}

# ---- one job ------------------------------------------------------------------------------------
# The job's shell: Open MPI as root, its TCP kept to the namespaces' eth0, and bramble's own qrsh
# named as the launch agent (Open MPI puts /usr/bin first on its daemons' PATH, where a Grid
# Engine client's qrsh would win).
job_script() {  # KERNEL ARGS...
    printf 'export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,tcp '
    printf 'OMPI_MCA_btl_tcp_if_include=eth0 OMPI_MCA_oob_tcp_if_include=eth0 '
    printf 'OMPI_MCA_mpi_yield_when_idle=%s ' "$YIELD"
    printf "OMPI_MCA_plm_rsh_agent='%s -inherit -nostdin -V'; " "$BIN/qrsh"
    printf 'exec %s' "$MPIRUN"
    [ "$UNPIN" = 1 ] && printf ' --bind-to none %s -c 0-%s' "$TASKSET" "$(($(nproc --all) - 1))"
    printf ' %q' "$@"
}

kernel_args() {  # KERNEL -> the binary and its options
    case "$1" in
        pi) echo "$BIN/bramble-pi --intervals $PI_INTERVALS --slices $PI_SLICES" ;;
        mergesort) echo "$BIN/bramble-mergesort --count $SORT_COUNT" ;;
    esac
}

job_listed() { "$BIN/qstat" -u '*' 2>/dev/null | awk -v id="$1" '$1 == id {f = 1} END {exit !f}'; }

# wait_gone ID SECONDS : polls qstat until the job is no longer listed
wait_gone() {
    local deadline=$((EPOCHSECONDS + $2))
    while job_listed "$1"; do
        [ "$EPOCHSECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# The kernel's own elapsed seconds from its output, or nothing when the run is not right.
kernel_elapsed() {  # KERNEL FILE
    grep -q 'WRONG' "$2" && return
    case "$1" in
        pi) grep -q '^pi is approximately ' "$2" &&
            sed -n 's/^elapsed \([0-9.]*\) s: .*/\1/p' "$2" ;;
        mergesort) grep -q '^sorted and verified' "$2" &&
            sed -n 's/^mergesort: .* elapsed \([0-9.]*\) s$/\1/p' "$2" ;;
    esac
}

distinct_hosts() { sed -n 's/^rank [0-9]* of [0-9]* on \(.*\)$/\1/p' "$1" | sort -u | wc -l; }

# run_job KERNEL N REP : one job, checked; appends a row to the runs file
run_job() {
    local kernel=$1 n=$2 rep=$3 name="$1-n$2-r$3" id t0 t1 out elapsed hosts status
    out="$WORK/$name.out"
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2046 # kernel_args is split into the binary and its options on purpose
    id=$("$BIN/qsub" -terse -N "$name" -wd "$WORK" -j y -o "$out" -pe "$PE" "$n" -b y \
        /bin/sh -c "$(job_script $(kernel_args "$kernel"))") || die "qsub refused $name"
    wait_gone "$id" "$TIMEOUT" || { "$BIN/qdel" "$id" >/dev/null 2>&1; die "$name (job $id) did not finish within $TIMEOUT s"; }
    t1=$EPOCHREALTIME
    status=$("$BIN/qacct" -j "$id" 2>/dev/null | sed -n 's/^exit_status *\([0-9]*\).*/\1/p')
    elapsed=$(kernel_elapsed "$kernel" "$out")
    hosts=$(distinct_hosts "$out")
    if [ -z "$elapsed" ] || [ "${status:-0}" != 0 ] || [ "$hosts" != "$n" ]; then
        log "$name (job $id): exit status ${status:-unknown}, ranks on $hosts host(s); its output:"
        cat "$out" >&2 2>/dev/null
        die "$name did not run right on $n node(s)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kernel" "$n" "$rep" "$elapsed" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')" "$id" >>"$OUT.runs.tsv"
    log "$name: ${elapsed} s (job $id)"
}

# ---- the table ----------------------------------------------------------------------------------
median() {  # KERNEL N COLUMN -> median of that column over the runs
    awk -F'\t' -v k="$1" -v n="$2" -v c="$3" '$1 == k && $2 == n {print $c}' "$OUT.runs.tsv" |
        sort -g | awk '{x[NR] = $1} END {if (NR % 2) print x[(NR + 1) / 2]; else print (x[NR / 2] + x[NR / 2 + 1]) / 2}'
}

write_table() {
    local kernel n t base wall speedup efficiency first
    first=${NODES%% *}
    {
        printf '| kernel | nodes | elapsed s (median of %s) | speedup T%s/TN | efficiency | job wall s (median) |\n' "$REPS" "$first"
        printf '|---|---:|---:|---:|---:|---:|\n'
        for kernel in "${KERNELS[@]}"; do
            base=$(median "$kernel" "$first" 4)
            for n in $NODES; do
                t=$(median "$kernel" "$n" 4)
                wall=$(median "$kernel" "$n" 5)
                speedup=$(awk -v b="$base" -v t="$t" 'BEGIN {printf "%.2f", b / t}')
                efficiency=$(awk -v s="$speedup" -v n="$n" -v f="$first" 'BEGIN {printf "%.2f", s * f / n}')
                printf '| %s | %s | %.3f | %s | %s | %.2f |\n' "$kernel" "$n" "$t" "$speedup" "$efficiency" "$wall"
                printf '%s %s %s\n' "$kernel" "$n" "$speedup" >>"$OUT.speedups"
            done
        done
    } >"$OUT.table"
}

write_report() {
    {
        printf '# Scaling: pi and mergesort on %s nodes\n\n' "${NODES// /, }"
        printf -- '- when: %s; bramble %s\n' "$(date -Is)" "$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
        printf -- '- machine: %s cpus, %s; load average at the end %s\n' "$(nproc)" \
            "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
        printf -- '- cluster: %s netns nodes of 1 core each (one rank per node), PE %s, %s runs each; ranks unpinned: %s\n' \
            "$MAX_NODES" "$PE" "$REPS" "$([ "$UNPIN" = 1 ] && echo yes || echo "no (bound by the execd)")"
        printf -- '- load average at the start %s\n' "$LOAD_START"
        printf -- '- bramble-pi --intervals %s --slices %s; bramble-mergesort --count %s\n\n' "$PI_INTERVALS" "$PI_SLICES" "$SORT_COUNT"
        cat "$OUT.table"
        printf '\nPlot: %s\n' "$(basename "$OUT.png")"
    } >"$OUT.md"
}

plot() {
    local kernel n s
    {
        printf 'set terminal pngcairo size 800,560 font ",11"\nset output "%s"\n' "$OUT.png"
        printf 'set title "bramble: speedup against nodes (1 core per node, %s cpus underneath)"\n' "$(nproc)"
        printf 'set xlabel "nodes (= MPI ranks)"\nset ylabel "speedup T1/TN"\nset key top left\nset grid\n'
        printf 'set xrange [0.8:%s.2]\nset yrange [0:%s.5]\nset xtics (%s)\n' "$MAX_NODES" "$MAX_NODES" "${NODES// /, }"
        printf 'plot x title "ideal" with lines dashtype 2 lc rgb "gray40", '
        printf '"-" title "pi" with linespoints lw 2 pt 7, "-" title "mergesort" with linespoints lw 2 pt 5\n'
        for kernel in "${KERNELS[@]}"; do
            while read -r k n s; do
                [ "$k" = "$kernel" ] && printf '%s %s\n' "$n" "$s"
            done <"$OUT.speedups"
            printf 'e\n'
        done
    } >"$OUT.gnuplot"
    "$GNUPLOT" "$OUT.gnuplot" || die "gnuplot failed on $OUT.gnuplot"
}

# ---- main ---------------------------------------------------------------------------------------
log "starting a $MAX_NODES-node netns cluster (1 core per node)"
start_cluster
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'kernel\tnodes\trep\telapsed_s\tjob_wall_s\tjob_id\n' >"$OUT.runs.tsv"
: >"$OUT.speedups"
# Repetitions outermost: a slow minute of the shared machine spreads over every row.
for ((rep = 1; rep <= REPS; rep++)); do
    for kernel in "${KERNELS[@]}"; do
        for n in $NODES; do run_job "$kernel" "$n" "$rep"; done
    done
done
write_table
write_report
plot
rm -f "$OUT.table" "$OUT.speedups"
cat "$OUT.md"
log "results: $OUT.md, $OUT.png (every run: $OUT.runs.tsv)"
