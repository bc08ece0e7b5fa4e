#!/usr/bin/env bash
# A real multi-host bramble cluster on this one machine: the scheduler and N execds, each in its
# own network namespace with its own address, joined by a bridge that itself lives in a "hub"
# namespace. The host's own network is never touched: no interface, route or NAT rule is added
# to it, and the namespaces have no default route, so their traffic never leaves them.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/netns-cluster.sh start [--nodes N] [--cores C] [--memory SIZE] [--config FILE]
       etc/netns-cluster.sh stop | status
       etc/netns-cluster.sh unplug NODE | plug NODE

start   creates the namespaces bramble-hub (the bridge), bramble-head (10.77.0.1, the scheduler
        on port 7444) and bramble-pi01..piNN (10.77.0.11 on, default 4 nodes, at most 9), each
        execd in its own UTS namespace with the host name piNN; waits until qhost lists every
        node. Each node offers C cores (default 1) and SIZE memory (default 512M); FILE is
        the scheduler's cluster.yaml (parallel environments, GPIO lines, ...).
stop    kills every daemon and job inside the namespaces and deletes them; works after a
        failed or partial start too.
status  lists the namespaces and daemons, then shows qhost.
unplug  takes NODE's network interface down, as if its cable were pulled: its execd and jobs
        run on, out of reach, and the scheduler shows the node down once it falls silent
        (node_timeout_seconds, 30 s by default); plug puts it back.

Root only. Binaries come from build/release/bin, or $BRAMBLE_BIN. Logs, spools and the
scheduler's socket live in $BRAMBLE_NETNS_DIR (default /tmp/bramble-netns); start prints the
BRAMBLE_SOCKET to export for qsub and qstat. To run something on a node:
  ip netns exec bramble-pi03 COMMAND
USAGE
}

repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${BRAMBLE_BIN:-$repo/build/release/bin}"
state="${BRAMBLE_NETNS_DIR:-/tmp/bramble-netns}"
prefix=bramble
subnet=10.77.0
head_ip="$subnet.1"
port=7444

die() {
    echo "netns-cluster.sh: $*" >&2
    exit 1
}

need_root() {
    [[ $(id -u) -eq 0 ]] || die "network namespaces need root; run with sudo"
    command -v ip >/dev/null || die "iproute2's ip is missing (apt-get install iproute2)"
    command -v unshare >/dev/null || die "util-linux's unshare is missing"
}

# Every namespace this script may have made, whether or not the last start finished.
our_namespaces() {
    ip netns list | awk -v p="$prefix" '$1 == p "-hub" || $1 == p "-head" || $1 ~ "^" p "-pi[0-9]+$" { print $1 }'
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

# The scheduler wrote its port file, or died trying.
scheduler_settled() {
    [[ -s "$state/port" ]] || ! kill -0 "$(cat "$state/head.pid")" 2>/dev/null
}

none_alive() {
    local pid
    for pid in "$@"; do
        kill -0 "$pid" 2>/dev/null && return 1
    done
    return 0
}

all_nodes_up() {
    local table node
    table="$(BRAMBLE_SOCKET="$state/scheduler.sock" "$bin/qhost" 2>/dev/null)" || return 1
    while read -r node; do
        awk -v n="$node" '$1 == n && $7 != "-" { found = 1 } END { exit !found }' <<<"$table" || return 1
    done <"$state/nodes.txt"
}

# A namespace with loopback up and a veth into the hub's bridge carrying `address`.
add_member() {
    local name="$1" address="$2" hub_port="$3"
    local ns="$prefix-$name"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$prefix-hub" link add "$hub_port" type veth peer name eth0 netns "$ns"
    ip -n "$prefix-hub" link set "$hub_port" master br0
    ip -n "$prefix-hub" link set "$hub_port" up
    ip -n "$ns" address add "$address/24" dev eth0
    ip -n "$ns" link set eth0 up
}

# Starts a command in a namespace, in its own session, its output in logs/NAME.log. nsenter
# enters the network namespace only (`ip netns exec` would also mount a /sys of its own, hiding
# the control group hierarchies the execds put their jobs in).
launch() {
    local name="$1"
    shift
    setsid nsenter --net="/run/netns/$prefix-$name" "$@" >>"$state/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$state/$name.pid"
}

build_network() {
    local nodes="$1" i name
    ip netns add "$prefix-hub"
    ip -n "$prefix-hub" link set lo up
    ip -n "$prefix-hub" link add br0 type bridge
    ip -n "$prefix-hub" link set br0 up
    add_member head "$head_ip" port0
    for ((i = 1; i <= nodes; i++)); do
        printf -v name 'pi%02d' "$i"
        add_member "$name" "$subnet.$((10 + i))" "port$i"
    done
}

start_daemons() {
    local nodes="$1" cores="$2" memory="$3" config="$4" i name
    local scheduler=("$bin/bramble-scheduler" --spool "$state/spool" --socket "$state/scheduler.sock"
        --listen "$head_ip:$port" --port-file "$state/port" --cluster-key "$state/cluster.key")
    [[ -z "$config" ]] || scheduler+=(--config "$config")
    mkdir -p "$state/logs" "$state/spool"
    # The secret the daemons prove to each other, readable by its owner only.
    (umask 077 && head -c 32 /dev/urandom >"$state/cluster.key") ||
        die "cannot write the cluster key $state/cluster.key"
    launch head "${scheduler[@]}"
    wait_for 30 scheduler_settled || true
    [[ -s "$state/port" ]] || die "the scheduler did not start; see $state/logs/head.log"
    : >"$state/nodes.txt"
    for ((i = 1; i <= nodes; i++)); do
        printf -v name 'pi%02d' "$i"
        echo "$name" >>"$state/nodes.txt"
        mkdir -p "$state/nodes/$name/spool" "$state/nodes/$name/tmp"
        chmod 1777 "$state/nodes/$name/tmp"
        # Its own UTS namespace too: the execd and its jobs see the host name piNN. Each node binds
        # its jobs from its own first machine core on, so the nodes share the CPUs evenly.
        # shellcheck disable=SC2016 # $0 and $@ belong to the inner shell
        launch "$name" unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$name" \
            "$bin/bramble-execd" --scheduler "$head_ip:$port" --name "$name" --cores "$cores" \
            --first-core "$(((i - 1) * cores))" --memory "$memory" \
            --spool "$state/nodes/$name/spool" --tmpdir "$state/nodes/$name/tmp" \
            --cluster-key "$state/cluster.key"
    done
}

cmd_start() {
    local nodes=4 cores=1 memory=512M config=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
            --cores) cores="${2:?--cores needs a number}"; shift 2 ;;
            --memory) memory="${2:?--memory needs a size such as 1G}"; shift 2 ;;
            --config) config="$(realpath -m "${2:?--config needs a file}")"; shift 2 ;;
            -h | --help) usage; exit 0 ;;
            *) die "unknown option '$1' for start (see -h)" ;;
        esac
    done
    need_root
    [[ -z "$config" || -r "$config" ]] || die "cannot read the config $config"
    [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes must be between 1 and 9, got '$nodes'"
    for tool in bramble-scheduler bramble-execd bramble-shepherd bramble-inventory qhost; do
        [[ -x "$bin/$tool" ]] || die "$bin/$tool is missing; build first (etc/build.sh release) or set BRAMBLE_BIN"
    done
    [[ -z "$(our_namespaces)" ]] || die "namespaces $prefix-* already exist (etc/netns-cluster.sh stop first)"
    rm -rf "$state"
    mkdir -p "$state"
    # A failed start (any failing command, or die) leaves no namespace behind.
    trap 'echo "netns-cluster.sh: start failed; removing what it made" >&2; cmd_stop >/dev/null' EXIT
    build_network "$nodes"
    start_daemons "$nodes" "$cores" "$memory" "$config"
    wait_for 60 all_nodes_up || die "not every node came up within 60 s; see the logs in $state/logs"
    trap - EXIT
    echo "netns-cluster.sh: $nodes node(s) in namespaces $prefix-pi01..; scheduler at $head_ip:$port in $prefix-head"
    echo "  export BRAMBLE_SOCKET=$state/scheduler.sock"
    echo "  logs and spools: $state"
}

cmd_stop() {
    need_root
    local pidfile ns pid pids=()
    for pidfile in "$state"/*.pid; do
        [[ -e "$pidfile" ]] || continue
        pids+=("$(cat "$pidfile")")
        rm -f "$pidfile"
    done
    ((${#pids[@]} == 0)) || kill -TERM "${pids[@]}" 2>/dev/null || true
    ((${#pids[@]} == 0)) || wait_for 10 none_alive "${pids[@]}" || true
    # Whatever still runs inside (a daemon that ignored SIGTERM, a job's processes) goes too.
    for ns in $(our_namespaces); do
        for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null || true; done
    done
    # Nodes first, the hub (and its bridge) last; each veth goes with its namespace.
    for ns in $(our_namespaces | sort -r); do
        ip netns delete "$ns" 2>/dev/null || true
    done
    echo "netns-cluster.sh: stopped; no $prefix-* namespace is left"
}

# unplug|plug NODE: the node's one interface down or up again.
cmd_link() {
    need_root
    local action="$1" node="${2:-}"
    [[ "$node" =~ ^pi[0-9]+$ ]] || die "$action needs a node name such as pi02"
    ip netns list | awk '{ print $1 }' | grep -qx "$prefix-$node" || die "there is no node $node (see status)"
    if [[ "$action" == unplug ]]; then
        ip -n "$prefix-$node" link set eth0 down
        echo "netns-cluster.sh: $node unplugged; qhost shows it down once it has been silent for node_timeout_seconds"
    else
        ip -n "$prefix-$node" link set eth0 up
        echo "netns-cluster.sh: $node plugged back in"
    fi
}

cmd_status() {
    need_root
    local namespaces ns name
    namespaces="$(our_namespaces)"
    [[ -n "$namespaces" ]] || { echo "netns-cluster.sh: not started (no $prefix-* namespace)"; return 1; }
    for ns in $namespaces; do
        name="${ns#"$prefix"-}"
        if [[ "$name" == hub ]]; then
            echo "$ns: bridge br0 with $(ip -n "$ns" -o link show master br0 | wc -l) port(s)"
        elif [[ -f "$state/$name.pid" ]] && kill -0 "$(cat "$state/$name.pid")" 2>/dev/null; then
            echo "$ns: $(ip -n "$ns" -4 -o address show dev eth0 2>/dev/null | awk '{ print $4 }'), daemon running (pid $(cat "$state/$name.pid"))"
        else
            echo "$ns: $(ip -n "$ns" -4 -o address show dev eth0 2>/dev/null | awk '{ print $4 }')"
        fi
    done
    echo "socket: $state/scheduler.sock"
    BRAMBLE_SOCKET="$state/scheduler.sock" "$bin/qhost"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    unplug | plug) cmd_link "$@" ;;
    -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
esac
