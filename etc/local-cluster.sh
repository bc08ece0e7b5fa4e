#!/usr/bin/env bash
# A bramble cluster on this one machine: the scheduler and N execds posing as nodes pi01..piNN,
# in the background, with their logs, spools and pid files under one state folder.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/local-cluster.sh start [--nodes N] [--cores C] [--memory SIZE] [--config FILE]
       etc/local-cluster.sh stop | status | restart-scheduler
       etc/local-cluster.sh kill NAME | revive NAME

start              starts bramble-scheduler and N execds (default 4: pi01..pi04), and waits until
                   qhost lists every node. Each node gets C cores (default: this machine's cores
                   shared out, at least 1) and SIZE memory (default: its memory shared out).
stop               stops every daemon the last start started.
status             says which daemons run, then shows qhost.
restart-scheduler  stops the scheduler and starts it again on the same spool and port.
kill NAME          SIGKILLs one daemon (scheduler, pi01, ...), as a crash or a power cut would.
revive NAME        starts that daemon again as it was started (the scheduler on its old port).
--config FILE      the scheduler's cluster.yaml (default: the built-in single-queue cluster).

Binaries come from build/release/bin, or $BRAMBLE_BIN. State (logs, spools, pid files) lives in
$BRAMBLE_LOCAL_DIR (default /tmp/bramble-local). The tools find the scheduler on the default
socket path, so qsub and qstat work with no environment variable. The spool is kept between
starts (job ids go on counting); remove $BRAMBLE_LOCAL_DIR to begin afresh.
USAGE
}

repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${BRAMBLE_BIN:-$repo/build/release/bin}"
state="${BRAMBLE_LOCAL_DIR:-/tmp/bramble-local}"

die() {
    echo "local-cluster.sh: $*" >&2
    exit 1
}

# The socket the tools look for when BRAMBLE_SOCKET is not set (see lib/net/client.hpp).
default_socket() {
    if [[ -n "${BRAMBLE_SOCKET:-}" ]]; then
        echo "$BRAMBLE_SOCKET"
    elif [[ $(id -u) -eq 0 || -z "${XDG_RUNTIME_DIR:-}" ]]; then
        echo /run/bramble/scheduler.sock
    else
        echo "$XDG_RUNTIME_DIR/bramble/scheduler.sock"
    fi
}

# A process that has died but is not yet reaped (a zombie) is not alive.
pid_alive() { [[ -r "/proc/$1/stat" ]] && [[ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]]; }
alive() { [[ -f "$1" ]] && pid_alive "$(cat "$1")"; }

# Starts a daemon in its own session with its output in logs/NAME.log and its pid in NAME.pid;
# NAME.args keeps the command line for `revive`.
launch() {
    local name="$1"
    shift
    printf '%q ' "$@" >"$state/$name.args"
    setsid "$@" >>"$state/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$state/$name.pid"
}

# Waits until `condition` succeeds, polling, for at most `seconds`.
wait_for() {
    local seconds="$1"
    shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# Whether qhost lists every node of nodes.txt with a load (a node that is down shows "-").
all_nodes_up() {
    local table
    table="$(BRAMBLE_SOCKET="$(cat "$state/socket")" "$bin/qhost" 2>/dev/null)" || return 1
    local node
    while read -r node; do
        awk -v n="$node" '$1 == n && $7 != "-" { found = 1 } END { exit !found }' <<<"$table" || return 1
    done <"$state/nodes.txt"
}

start_scheduler() {
    local port="${1:-0}" config=()
    rm -f "$state/port"
    local named=""
    [[ -f "$state/config.path" ]] && named="$(cat "$state/config.path")"
    [[ -n "$named" ]] && config=(--config "$named")
    launch scheduler "$bin/bramble-scheduler" --spool "$state/spool" --socket "$(cat "$state/socket")" \
        --listen "127.0.0.1:$port" --port-file "$state/port" --cluster-key "$state/cluster.key" \
        "${config[@]}"
    wait_for 30 test -s "$state/port" ||
        die "the scheduler did not start; see $state/logs/scheduler.log"
}

cmd_start() {
    local nodes=4 cores="" memory="" config=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --config) config="$(realpath "${2:?--config needs a file}")"; shift 2 ;;
            --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
            --cores) cores="${2:?--cores needs a number}"; shift 2 ;;
            --memory) memory="${2:?--memory needs a size such as 1G}"; shift 2 ;;
            -h | --help) usage; exit 0 ;;
            *) die "unknown option '$1' for start (see -h)" ;;
        esac
    done
    [[ "$nodes" =~ ^[1-9][0-9]?$ ]] || die "--nodes must be between 1 and 99, got '$nodes'"
    for tool in bramble-scheduler bramble-execd bramble-shepherd bramble-inventory qhost; do
        [[ -x "$bin/$tool" ]] || die "$bin/$tool is missing; build first (etc/build.sh release) or set BRAMBLE_BIN"
    done
    alive "$state/scheduler.pid" && die "a local cluster is already running (etc/local-cluster.sh stop first)"

    local machine_cores machine_mb
    machine_cores="$(nproc)"
    # The memory hwloc reports (and the execd checks --memory against) is what the NUMA nodes
    # hold, which on some virtual machines is less than MemTotal.
    if compgen -G '/sys/devices/system/node/node*/meminfo' >/dev/null; then
        machine_mb="$(awk '/MemTotal:/ { kb += $4 } END { print int(kb / 1024) }' \
            /sys/devices/system/node/node*/meminfo)"
    else
        machine_mb="$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)"
    fi
    cores="${cores:-$((machine_cores / nodes > 0 ? machine_cores / nodes : 1))}"
    ((cores <= machine_cores)) || die "--cores $cores is more than this machine's $machine_cores"
    memory="${memory:-$((machine_mb / nodes > 256 ? machine_mb / nodes : 256))M}"

    local socket
    socket="$(default_socket)"
    mkdir -p "$state/logs" "$state/spool" "$(dirname "$socket")" ||
        die "cannot create $(dirname "$socket"); run as root or set BRAMBLE_SOCKET to a path you own"
    echo "$socket" >"$state/socket"
    printf '%s' "$config" >"$state/config.path"
    : >"$state/nodes.txt"
    # The secret this cluster's daemons prove to each other; made once, readable by its owner only.
    [[ -s "$state/cluster.key" ]] ||
        (umask 077 && head -c 32 /dev/urandom >"$state/cluster.key") ||
        die "cannot write the cluster key $state/cluster.key"
    start_scheduler 0

    local i name
    for ((i = 1; i <= nodes; i++)); do
        printf -v name 'pi%02d' "$i"
        echo "$name" >>"$state/nodes.txt"
        mkdir -p "$state/nodes/$name/spool" "$state/nodes/$name/tmp"
        chmod 1777 "$state/nodes/$name/tmp"
        # Each node binds its jobs from its own first machine core on (wrapping around).
        launch "$name" "$bin/bramble-execd" --scheduler "127.0.0.1:$(cat "$state/port")" --name "$name" \
            --cores "$cores" --first-core "$(((i - 1) * cores))" --memory "$memory" \
            --spool "$state/nodes/$name/spool" --tmpdir "$state/nodes/$name/tmp" \
            --cluster-key "$state/cluster.key"
    done
    wait_for 60 all_nodes_up || die "not every node came up within 60 s; see the logs in $state/logs"

    echo "local-cluster.sh: $nodes nodes of $cores core(s) and $memory each; scheduler on $socket"
    echo "  logs and spools: $state"
    if [[ -z "${BRAMBLE_SOCKET:-}" && "$socket" != /run/bramble/scheduler.sock && -e /run/bramble/scheduler.sock ]]; then
        echo "  note: /run/bramble/scheduler.sock exists and takes precedence; export BRAMBLE_SOCKET=$socket"
    fi
}

stop_daemon() {
    local pidfile="$1" pid
    [[ -f "$pidfile" ]] || return 0
    pid="$(cat "$pidfile")"
    if pid_alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + 10))
        while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

cmd_stop() {
    [[ -d "$state" ]] || { echo "local-cluster.sh: nothing to stop ($state does not exist)"; return 0; }
    local pidfile
    for pidfile in "$state"/pi*.pid; do
        [[ -e "$pidfile" ]] && stop_daemon "$pidfile"
    done
    stop_daemon "$state/scheduler.pid"
    echo "local-cluster.sh: stopped"
}

cmd_status() {
    [[ -d "$state" && -f "$state/socket" ]] || { echo "local-cluster.sh: not started ($state)"; return 1; }
    local pidfile name running=0
    for pidfile in "$state/scheduler.pid" "$state"/pi*.pid; do
        [[ -e "$pidfile" ]] || continue
        name="$(basename "$pidfile" .pid)"
        if alive "$pidfile"; then
            echo "$name: running (pid $(cat "$pidfile"))"
            running=1
        else
            echo "$name: not running"
        fi
    done
    echo "socket: $(cat "$state/socket")"
    ((running)) && BRAMBLE_SOCKET="$(cat "$state/socket")" "$bin/qhost"
}

cmd_restart_scheduler() {
    alive "$state/scheduler.pid" || die "the scheduler is not running (etc/local-cluster.sh start)"
    local port
    port="$(cat "$state/port")"
    stop_daemon "$state/scheduler.pid"
    start_scheduler "$port"
    wait_for 60 all_nodes_up || die "the nodes did not come back within 60 s; see $state/logs"
    echo "local-cluster.sh: scheduler restarted on port $port"
}

cmd_kill() {
    local name="${1:?kill needs a daemon: scheduler, pi01, ...}"
    alive "$state/$name.pid" || die "$name is not running"
    kill -KILL "$(cat "$state/$name.pid")"
    local pid deadline=$((SECONDS + 10))
    pid="$(cat "$state/$name.pid")"
    while pid_alive "$pid"; do
        ((SECONDS < deadline)) || die "$name outlived SIGKILL"
        sleep 0.05
    done
}

cmd_revive() {
    local name="${1:?revive needs a daemon: scheduler, pi01, ...}"
    [[ -f "$state/$name.args" ]] || die "$name was never started here ($state)"
    alive "$state/$name.pid" && die "$name is running"
    if [[ "$name" == scheduler ]]; then
        start_scheduler "$(cat "$state/port")"
    else
        eval "launch $name $(cat "$state/$name.args")"
    fi
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    kill) cmd_kill "${2:-}" ;;
    revive) cmd_revive "${2:-}" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    restart-scheduler) cmd_restart_scheduler ;;
    -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
esac
