#!/usr/bin/env bash
# A cluster of separate machines on this one: a head container and N compute containers, each
# with its own root filesystem (an overlay: this machine's / read-only below, the container's own
# folder above), host name, network address, process view (PID 1 and /proc of its own), /tmp,
# /run and /var, and one home folder shared by all, bind-mounted as NFS would mount it. With
# --debs or --build, bramble's .deb packages are installed inside each container and the cluster is
# set up with the steps of docs/real-cluster.md, so nothing from the build tree runs in it.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: etc/container-cluster.sh start [--nodes N] [--build BUILD_DIR | --debs DIR | --bare] [--fast-failure]
       etc/container-cluster.sh stop | status
       etc/container-cluster.sh run-on NODE COMMAND...
       etc/container-cluster.sh kill NODE

start    makes the containers head (10.78.0.1) and node01..nodeNN (10.78.0.11 on; default 3, at
         most 9), joined by a bridge in the network namespace bramble-ct-hub. With --build, makes
         the packages (cpack -G DEB in BUILD_DIR); with --debs, takes them from DIR; then installs
         them in each container, adds the users bramble-alice and bramble-bob (the same uids
         everywhere), makes the cluster key on the head, joins every node, starts the daemons and
         waits until qhost lists every node. --bare stops after making the containers.
         --fast-failure makes the head notice a dead node in seconds (heartbeat 1 s, down after
         3 s, lost after 10 s) instead of the defaults' minutes.
stop     kills everything in the containers, deletes them and their folders.
status   lists the containers, their daemons, and qhost as seen on the head.
run-on   runs COMMAND as root inside NODE (head, node01, ...), with NODE's files, processes and
         network; `run-on head runuser -l bramble-alice` logs in as a user.
kill     kills NODE's PID 1 and with it every process and its network: a machine that died.

Root only. Everything lives in $BRAMBLE_CT_DIR (default /tmp/bramble-containers, a tmpfs the
script mounts: each container's changes to / are in memory, about 450 MB each with the dev
build's packages); $BRAMBLE_CT_NAME (default bramble-ct) names the hub namespace, so that two
clusters can run side by side. This machine's bramble-alice and bramble-bob, if any, are replaced
in the containers by the cluster's (uids 2001 and 2002).
The daemons run as their systemd units would start them (systemd is not PID 1 in a container):
the unit's ExecStart with its Environment, EnvironmentFile, RuntimeDirectory, StateDirectory,
LimitNOFILE (up to this machine's hard limit) and UMask, in a session of its own, its output in
/var/log/bramble/UNIT.log; there is no restart on failure. PID 1 of each container is a shell
that only reaps orphans.
USAGE
}

repo="$(cd "$(dirname "$0")/.." && pwd)"
# Folders the containers must not see: the source tree, and the build the packages come from.
hidden=("$repo")
state="${BRAMBLE_CT_DIR:-/tmp/bramble-containers}"
prefix="${BRAMBLE_CT_NAME:-bramble-ct}"
hub="$prefix-hub"
subnet=10.78.0
head_ip="$subnet.1"
# The uids and gids of the test users, as on every machine of a real cluster (docs/real-cluster.md).
users=(bramble-alice:2001 bramble-bob:2002)

die() {
    echo "container-cluster.sh: $*" >&2
    exit 1
}

say() { echo "container-cluster.sh: $*" >&2; }

need_root() {
    [[ $(id -u) -eq 0 ]] || die "containers need root; run with sudo"
    local tool
    for tool in ip unshare nsenter setsid; do
        command -v "$tool" >/dev/null || die "$tool is missing (apt-get install iproute2 util-linux)"
    done
    grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null ||
        die "the kernel has no overlay filesystem"
}

# Polls `condition` for at most `seconds`.
wait_for() {
    local seconds="$1"
    shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

node_names() { cat "$state/nodes.txt" 2>/dev/null || true; }
address_of() {
    [[ $1 == head ]] && echo "$head_ip" || echo "$subnet.$((10 + 10#${1#node}))"
}
pid_of() {
    local pid
    pid="$(cat "$state/$1.pid" 2>/dev/null)" || return 1
    [[ -e /proc/$pid/root/run/bramble-container ]] || return 1
    echo "$pid"
}

# Runs inside a new mount, UTS, IPC, network and PID namespace (as its PID 1) with the node's
# name and folder: builds its root and makes it the root, then stays as the reaper of orphans.
# shellcheck disable=SC2016 # expanded by the container's shell
container_setup='
set -euo pipefail
name=$1 dir=$2 home=$3
shift 3
root=$dir/root
mount -t overlay overlay -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$root"
mount --rbind /sys "$root/sys"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp"
mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/var/tmp"
mount -t tmpfs -o mode=755,nosuid,nodev run "$root/run"
mkdir -p "$root/run/lock" && chmod 1777 "$root/run/lock"
mount --bind "$home" "$root/home"
# The source and build trees (the arguments left) stay out of reach: everything bramble here
# comes from the packages.
for hide in "$@"; do
    [[ ! -d $root$hide ]] || mount -t tmpfs -o ro,mode=755 hidden "$root$hide"
done
# A bare machine: none of this machine'"'"'s bramble state or installed programs. Removing them
# from the overlay hides them in the container only.
rm -rf "$root/etc/bramble" "$root/var/lib/bramble" "$root/var/log/bramble"
for folder in usr/bin usr/sbin usr/local/bin usr/local/sbin; do
    for program in bramble-scheduler bramble-execd bramble-shepherd bramble-inventory bramble-cluster \
        qsub qstat qdel qhold qrls qalter qmod qacct qhost qselect qrsh; do
        [[ ! -e $root/$folder/$program && ! -L $root/$folder/$program ]] || rm -f "$root/$folder/$program"
    done
done
echo "$name" >"$root/etc/hostname"
hostname "$name"
cd "$root"
pivot_root . .
umount -l .
cd /
touch /run/bramble-container
exec /bin/bash -c "trap \"exit 0\" TERM; while :; do sleep 3600 & wait; done"
'

# /proc files have no size: `test -s` cannot tell whether this one is empty.
has_child() { [[ -n "$(cat "/proc/$1/task/$1/children" 2>/dev/null)" ]]; }

# A container: its folders, its namespaces with PID 1 in them, its veth on the hub's bridge.
make_container() {
    local name="$1" index="$2" dir="$state/$1" upid pid
    mkdir -p "$dir/upper" "$dir/work" "$dir/root"
    setsid unshare --mount --uts --ipc --net --pid --fork --kill-child --propagation private \
        /bin/bash -c "$container_setup" container "$name" "$dir" "$state/home" "${hidden[@]}" \
        >>"$state/logs/$name.log" 2>&1 </dev/null &
    upid=$!
    echo "$upid" >"$state/$name.unshare"
    wait_for 10 has_child "$upid" ||
        die "$name did not start; see $state/logs/$name.log"
    pid="$(awk '{ print $1 }' "/proc/$upid/task/$upid/children")"
    wait_for 20 test -e "/proc/$pid/root/run/bramble-container" ||
        die "$name did not make its root; see $state/logs/$name.log"
    echo "$pid" >"$state/$name.pid"
    ip -n "$hub" link add "port$index" type veth peer name eth0 netns "$pid"
    ip -n "$hub" link set "port$index" master br0 up
    nsenter -t "$pid" -n ip link set lo up
    nsenter -t "$pid" -n ip address add "$(address_of "$name")/24" dev eth0
    nsenter -t "$pid" -n ip link set eth0 up
}

# COMMAND in NODE's namespaces and root, with a clean environment as a login would have.
run_on() {
    local name="$1" pid
    shift
    pid="$(pid_of "$name")" || die "there is no running container $name (see status)"
    nsenter -t "$pid" -m -u -i -n -p -r -w -- /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" "$@"
}

# Inside a container: starts UNIT as systemd would start it (see usage), in the background.
start_unit() {
    local name="$1" unit line key value
    unit="$(dpkg-query -L bramble-head bramble-node 2>/dev/null | grep "/$name.service\$" | head -1)"
    [[ -n $unit ]] || { echo "no $name.service from the packages" >&2; return 1; }
    local exec_start="" state_dir="" runtime_dir="" nofile="" mask=""
    while IFS= read -r line; do
        key="${line%%=*}" value="${line#*=}"
        case "$key" in
            Environment) export "${value?}" ;;
            EnvironmentFile)
                if [[ -r ${value#-} ]]; then
                    set -a
                    # shellcheck disable=SC1090 # the file bramble-cluster join wrote
                    . "${value#-}"
                    set +a
                elif [[ $value != -* ]]; then
                    echo "$unit: $value is missing" >&2
                    return 1
                fi
                ;;
            ExecStart) exec_start="$value" ;;
            StateDirectory) state_dir="$value" ;;
            RuntimeDirectory) runtime_dir="$value" ;;
            LimitNOFILE) nofile="$value" ;;
            UMask) mask="$value" ;;
        esac
    done <"$unit"
    while [[ $exec_start =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
        exec_start="${exec_start//"${BASH_REMATCH[0]}"/${!BASH_REMATCH[1]}}"
    done
    local argv
    read -ra argv <<<"$exec_start"
    [[ -z $state_dir ]] || install -d -m 755 "/var/lib/$state_dir"
    [[ -z $runtime_dir ]] || install -d -m 755 "/run/$runtime_dir"
    install -d -m 755 /var/log/bramble
    (
        # systemd, as PID 1, may raise the hard limit; a container's root may not be allowed to.
        [[ -z $nofile ]] || ulimit -n "$nofile" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
        [[ -z $mask ]] || umask "$mask"
        exec setsid "${argv[@]}" >>"/var/log/bramble/$name.log" 2>&1 </dev/null
    ) &
    echo "started $name: ${argv[*]}"
}

# The same as `run_on NODE start_unit UNIT`.
start_unit_on() { run_on "$1" /bin/bash -c "$(declare -f start_unit); start_unit $2"; }

# The packages made from BUILD_DIR, as tests/packages/check-packages.sh makes them.
build_packages() {
    local build="$1"
    [[ -f $build/CMakeCache.txt ]] || die "$build is not a configured build folder"
    command -v cpack >/dev/null || die "cpack is not installed"
    say "making the packages in $build (cpack -G DEB)"
    (cd "$build" && nice cpack -G DEB -B "$state/cpack" >"$state/logs/cpack.log" 2>&1) ||
        die "cpack failed; see $state/logs/cpack.log"
    mkdir -p "$state/debs"
    mv "$state"/cpack/*.deb "$state/debs/"
    rm -rf "$state/cpack"
}

# Steps 2 to 4 of docs/real-cluster.md on one machine, each the command the guide gives.
prepare_machine() {
    local name="$1" debs="$2" entry user uid home packages=(./bramble-tools_*.deb)
    if [[ $name == head ]]; then
        packages+=(./bramble-head_*.deb)
        home=--create-home
    else
        packages+=(./bramble-node_*.deb)
        ! compgen -G "$debs/bramble-kernels_*.deb" >/dev/null || packages+=(./bramble-kernels_*.deb)
        home=--no-create-home
    fi
    # Step 2: the packages, copied to the machine (here through a pipe) and installed with apt,
    # which takes their dependencies (Open MPI, the libraries) from the machine's archive.
    tar -C "$debs" -c . | run_on "$name" /bin/bash -c 'mkdir -p /root/bramble && tar -C /root/bramble -x'
    run_on "$name" /bin/bash -c "cd /root/bramble && apt-get install -y ${packages[*]}" \
        >"$state/logs/install-$name.log" 2>&1 || die "installing on $name failed; see $state/logs/install-$name.log"
    # Step 3: every machine knows every other by name.
    for entry in head $(node_names); do
        run_on "$name" sh -c "echo \"$(address_of "$entry") $entry\" >>/etc/hosts"
    done
    # Step 4: the users, with the same uid and gid on every machine; their home folders are made
    # once, on the head, whose /home every node mounts.
    for user in "${users[@]}"; do
        uid="${user#*:}" user="${user%%:*}"
        # This machine's own users of that name are not the cluster's.
        run_on "$name" /bin/bash -c "! id $user >/dev/null 2>&1 || userdel $user; ! getent group $user >/dev/null || groupdel $user"
        run_on "$name" groupadd --gid "$uid" "$user"
        run_on "$name" useradd --uid "$uid" --gid "$uid" "$home" --shell /bin/bash "$user"
    done
}

# The cluster set up as docs/real-cluster.md says, with the packages in DEBS.
provision() {
    local debs="$1" fast="$2" name pid key_line pids=()
    # The machines are independent until the key: prepared side by side.
    for name in head $(node_names); do
        prepare_machine "$name" "$debs" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || die "preparing a machine failed (see above)"
    done
    if [[ $fast -eq 1 ]]; then
        run_on head sed -i -e 's/^heartbeat_seconds: .*/heartbeat_seconds: 1/' \
            -e 's/^node_timeout_seconds: .*/node_timeout_seconds: 3/' \
            -e 's/^node_lost_seconds: .*/node_lost_seconds: 10/' \
            "$(run_on head dpkg-query -L bramble-head | grep '/bramble/cluster.yaml$')"
    fi
    # Step 7: the cluster key on the head, the scheduler started, and the join command it prints.
    key_line="$(run_on head bramble-cluster init --address "$head_ip" --no-start | grep 'bramble-cluster join')"
    start_unit_on head bramble-scheduler >>"$state/logs/units.log"
    # Step 8: each node joins with that command and starts its execd.
    for name in $(node_names); do
        # shellcheck disable=SC2086 # the printed command, split into its words
        run_on "$name" ${key_line} --no-start >>"$state/logs/units.log" 2>&1
        start_unit_on "$name" bramble-execd >>"$state/logs/units.log"
    done
    # Step 9: qhost on the head lists every node.
    wait_for 90 all_nodes_up || die "not every node came up within 90 s; logs: $state/logs and /var/log/bramble in each container"
}

all_nodes_up() {
    local table node
    table="$(run_on head qhost 2>/dev/null)" || return 1
    for node in $(node_names); do
        awk -v n="$node" '$1 == n && $7 != "-" { found = 1 } END { exit !found }' <<<"$table" || return 1
    done
}

# The logs of a start that failed, and each container's daemon logs, out of the tmpfs that goes.
keep_logs() {
    local name kept
    kept="$(mktemp -d /tmp/bramble-containers-logs.XXXXXX)" || return 0
    cp -r "$state/logs/." "$kept/" 2>/dev/null || true
    for name in head $(node_names); do
        [[ ! -d $state/$name/upper/var/log/bramble ]] || cp -r "$state/$name/upper/var/log/bramble" "$kept/$name"
    done
    say "start failed; its logs and the daemons' are in $kept"
}

cmd_start() {
    local nodes=3 build="" debs="" bare=0 fast=0 i name
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --nodes) nodes="${2:?--nodes needs a number}"; shift 2 ;;
            --build) build="$(realpath "${2:?--build needs a build folder}")" && hidden+=("$build"); shift 2 ;;
            --debs) debs="$(realpath "${2:?--debs needs a folder}")"; shift 2 ;;
            --bare) bare=1; shift ;;
            --fast-failure) fast=1; shift ;;
            -h | --help) usage; exit 0 ;;
            *) die "unknown option '$1' for start (see -h)" ;;
        esac
    done
    need_root
    [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes must be between 1 and 9, got '$nodes'"
    [[ $bare -eq 1 || -n $build || -n $debs ]] || die "start needs --build BUILD_DIR, --debs DIR or --bare"
    [[ -z $debs ]] || compgen -G "$debs/bramble-node_*.deb" >/dev/null || die "no bramble-*.deb in $debs"
    ! ip netns list | awk '{ print $1 }' | grep -qx "$hub" || die "$hub already exists (etc/container-cluster.sh stop first)"
    ! mountpoint -q "$state" || die "$state is in use (etc/container-cluster.sh stop first)"
    local started=$SECONDS
    trap 'keep_logs; say "removing what the failed start made"; cmd_stop >/dev/null' EXIT
    # Root mounts there: not on a path another user could have prepared (a link, their folder).
    [[ ! -L $state ]] || die "$state is a symbolic link"
    mkdir -p "$state"
    [[ $(stat -c %u:%a "$state") =~ ^0:[0-7][0-5][0-5]$ ]] || die "$state is not root's alone"
    # The containers' own layers on a filesystem of their own: an overlay's upper layer must not
    # be inside its lower layer (this machine's /) nor on an overlay itself.
    mount -t tmpfs -o mode=755,size=50% bramble-containers "$state"
    mkdir -p "$state/logs" "$state/home"
    [[ -z $build ]] || build_packages "$build"
    [[ -z $debs ]] || { mkdir -p "$state/debs" && cp "$debs"/bramble-*.deb "$state/debs/"; }
    ip netns add "$hub"
    ip -n "$hub" link set lo up
    ip -n "$hub" link add br0 type bridge
    ip -n "$hub" link set br0 up
    : >"$state/nodes.txt"
    make_container head 0
    for ((i = 1; i <= nodes; i++)); do
        printf -v name 'node%02d' "$i"
        echo "$name" >>"$state/nodes.txt"
        make_container "$name" "$i"
    done
    say "$((nodes + 1)) containers up after $((SECONDS - started)) s"
    if [[ $bare -eq 0 ]]; then
        provision "$state/debs" "$fast"
        say "the cluster runs: qhost on the head lists $nodes node(s), $((SECONDS - started)) s after start"
    fi
    trap - EXIT
    echo "container-cluster.sh: head at $head_ip, nodes $(node_names | tr '\n' ' ')"
    echo "  log in:  sudo $0 run-on head runuser -l bramble-alice"
    echo "  shared home: $state/home"
}

cmd_stop() {
    need_root
    local name pid
    for name in head $(node_names); do
        pid="$(cat "$state/$name.pid" 2>/dev/null)" || continue
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$state/$name.pid"
    done
    # A container whose start failed half-way has no PID 1 yet; its unshare takes it along.
    for pid in "$state"/*.unshare; do
        [[ -e $pid ]] || continue
        kill -KILL "$(cat "$pid")" 2>/dev/null || true
        rm -f "$pid"
    done
    ! ip netns list | awk '{ print $1 }' | grep -qx "$hub" || ip netns delete "$hub"
    if mountpoint -q "$state"; then
        wait_for 10 umount "$state" 2>/dev/null || umount -l "$state"
    fi
    rmdir "$state" 2>/dev/null || true
    echo "container-cluster.sh: stopped; $hub and the containers are gone"
}

cmd_status() {
    need_root
    local name pid
    [[ -s $state/nodes.txt ]] || { echo "container-cluster.sh: not started"; return 1; }
    for name in head $(node_names); do
        if pid="$(pid_of "$name")"; then
            echo "$name: $(address_of "$name"), PID 1 is $pid here; bramble daemons: $(run_on "$name" pgrep -d ' ' -l '^bramble-' | tr '\n' ' ')"
        else
            echo "$name: down"
        fi
    done
    run_on head qhost
}

cmd_kill() {
    need_root
    local name="${1:-}" pid
    [[ $name =~ ^node[0-9]+$ ]] || die "kill needs a compute node's name such as node02"
    pid="$(pid_of "$name")" || die "there is no running container $name"
    kill -KILL "$pid"
    wait_for 10 test ! -e "/proc/$pid" || die "$name's PID 1 ($pid) does not go"
    rm -f "$state/$name.pid"
    echo "container-cluster.sh: $name is dead: every process in it killed and its network gone"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    run-on) shift; [[ $# -ge 2 ]] || die "run-on needs NODE and a COMMAND"; need_root; run_on "$@" ;;
    kill) shift; cmd_kill "$@" ;;
    -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
esac
