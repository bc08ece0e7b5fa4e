#!/usr/bin/env bash
# bramble on separate machines, made from its .deb packages only: starts etc/container-cluster.sh
# (a head container and compute containers, each with its own root filesystem, network address,
# processes, /tmp, /run and /var, and one shared home), which installs the packages built from
# BUILD_DIR and sets the cluster up with the steps of docs/real-cluster.md. Then, as bramble-alice
# logged in on the head: a YAML job and a `#$` job watched with qstat, their output in the shared
# home; an MPI job with one rank on every node; a compute node killed, which qhost shows down and
# whose jobs are requeued (qsub -r y) or failed, as bramble does with a lost node.
# Usage: check-container-cluster.sh BUILD_DIR [--quick]
#   --quick  2 compute nodes instead of 3, and the head notices the dead node in seconds rather
#            than the defaults' 30 s + 120 s (the CTest and CI variant).
# Root only; exits 77 (skipped) where containers cannot be made.
#
# Measured on 7 Dec 2026 (2 shared cores, load 7 to 11 from other builds, the dev build): --quick
# 59 to 74 s alone (cpack 33 s, the cluster up from the packages 54 s after the start), 147 s inside
# `ctest -j2` beside the rest of the suite; without --quick 3 to 5 min (3 nodes up 49 s after the
# start, cpack included; then about 150 s waiting for the default node timeouts).
set -euo pipefail

build=$(realpath "${1:?usage: check-container-cluster.sh BUILD_DIR [--quick]}")
quick=0
[[ ${2:-} != --quick ]] || quick=1
here=$(cd "$(dirname "$0")" && pwd)
cluster=$here/../../etc/container-cluster.sh
repo=$(cd "$here/../.." && pwd)
user=bramble-alice

skip() { echo "check-container-cluster: SKIPPED: $*" >&2; exit 77; }
fail() { echo "check-container-cluster: FAILED: $*" >&2; exit 1; }
say() { echo "check-container-cluster: $*" >&2; }

[[ $(id -u) -eq 0 ]] || skip "containers need root"
grep -qw overlay /proc/filesystems || skip "the kernel has no overlay filesystem"
unshare --mount --uts --ipc --net --pid --fork true 2>/dev/null || skip "cannot make namespaces here"
command -v cpack >/dev/null || fail "cpack is not installed"
[[ -x $build/bin/bramble-pi ]] || skip "$build has no MPI kernels (bramble-pi) for the MPI job"

# A cluster of its own, next to any other (by hand, or another test run).
BRAMBLE_CT_DIR=$(mktemp -d /tmp/bramble-ctcheck.XXXXXX)
export BRAMBLE_CT_DIR BRAMBLE_CT_NAME=bramble-ctcheck-$$
finish() {
    local status=$?
    if [[ $status -ne 0 && -d $BRAMBLE_CT_DIR/logs ]]; then
        local log
        for log in "$BRAMBLE_CT_DIR"/*/upper/var/log/bramble/*.log; do
            [[ -e $log ]] || continue
            echo "--- ${log#"$BRAMBLE_CT_DIR"/} (last lines)" >&2
            tail -15 "$log" >&2
        done
    fi
    "$cluster" stop >/dev/null 2>&1 || true
}
trap finish EXIT

# Polls for at most SECONDS.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

on() { "$cluster" run-on "$@"; }
# COMMAND as bramble-alice logged in on NODE (a login shell: her PATH, her home).
as_user() {
    local node=$1
    shift
    on "$node" runuser -l "$user" -c "$*"
}
job_id() { sed -n 's/^Your job \([0-9]*\) .*has been submitted$/\1/p'; }
# Job ID's row in NODE's `qstat` for the user, empty when it has left the queue.
qstat_row() { as_user "$1" qstat | awk -v id="$2" '$1 == id'; }
gone_from_qstat() { [[ -z $(qstat_row "$1" "$2") ]]; }

nodes=3 options=()
[[ $quick -eq 0 ]] || { nodes=2 options=(--fast-failure); }
started=$SECONDS
"$cluster" start --nodes "$nodes" --build "$build" "${options[@]}" ||
    fail "the container cluster did not start"
say "cluster of $nodes nodes up from the packages in $((SECONDS - started)) s"
mapfile -t names < <(printf 'node%02d\n' $(seq 1 "$nodes"))
last=${names[-1]}

# Separate machines: each has its own host name, PID 1, /tmp and users' uids all alike.
on head touch /tmp/only-on-head
uid=$(on head id -u "$user")
for node in "${names[@]}"; do
    [[ $(on "$node" hostname) == "$node" ]] || fail "$node's host name is $(on "$node" hostname)"
    on "$node" test ! -e /tmp/only-on-head || fail "$node sees the head's /tmp"
    on "$node" test ! -e /run/bramble/scheduler.sock || fail "$node sees the head's /run"
    [[ $(on "$node" cat /proc/1/comm) == bash ]] || fail "$node's PID 1 is not its own"
    [[ $(on "$node" id -u "$user") == "$uid" ]] || fail "$user has uid $(on "$node" id -u "$user") on $node, $uid on the head"
    on "$node" test ! -e "$repo/CMakeLists.txt" || fail "$node sees the source tree $repo"
    # Every bramble program running or run comes from a package.
    for program in bramble-execd qsub qstat qrsh mpirun; do
        on "$node" bash -c "dpkg -S \"\$(readlink -f \"\$(command -v $program)\")\"" >/dev/null ||
            fail "$program on $node is not from a package"
    done
done
on head test ! -e /var/lib/bramble/execd || fail "the head sees the nodes' /var"
# shellcheck disable=SC2016 # expanded on the head
on head bash -c 'dpkg -S "$(readlink -f /proc/$(pgrep -x bramble-schedul)/exe)"' | grep -q '^bramble-head:' ||
    fail "the head's scheduler is not the bramble-head package's"

# The guide's first jobs and MPI job, written by the user in her home (docs/real-cluster.md,
# steps 10 and 11).
as_user head "cat >hello.yaml" <<'YAML'
name: hello
command: echo "hello from $(hostname), job $JOB_ID"
cwd: true
join: true
walltime: 0:05:00
YAML
as_user head "cat >hello-ge.sh" <<'JOB'
#!/bin/sh
#$ -N hello-ge
#$ -cwd -j y
#$ -l h_rt=0:05:00
echo "hello from $(hostname), job $JOB_ID ($JOB_NAME)"
JOB
as_user head "cat >pi-ge.sh" <<JOB
#!/bin/sh
#\$ -N pi
#\$ -pe mpi_rr $nodes
#\$ -cwd -j y
#\$ -l h_rt=0:05:00
mpirun hostname
mpirun bramble-pi --intervals 2000000
JOB

# Submits and watches the YAML, `#$` and MPI jobs as the user logged in on NODE; each job's output
# is in her home, whichever node ran it, and the MPI job had a rank on every node.
submit_and_watch() {
    local node=$1 yaml ge mpi id out
    yaml=$(as_user "$node" qsub hello.yaml | job_id)
    ge=$(as_user "$node" qsub hello-ge.sh | job_id)
    [[ -n $yaml && -n $ge ]] || fail "qsub on $node did not take the jobs"
    say "on $node: jobs $yaml (YAML) and $ge (#\$) submitted; qstat there:"
    as_user "$node" qstat >&2
    for id in "$yaml" "$ge"; do
        wait_for 120 gone_from_qstat "$node" "$id" || fail "job $id is still in qstat on $node: $(qstat_row "$node" "$id")"
    done
    out=$(as_user "$node" cat "hello.o$yaml") || fail "no ~/hello.o$yaml for $user on $node"
    [[ $out =~ ^hello\ from\ node0[1-9],\ job\ $yaml$ ]] || fail "hello.o$yaml says '$out'"
    # The node that ran the job wrote the file the user reads on another machine.
    on "${out:11:6}" test -s "/home/$user/hello.o$yaml" || fail "${out:11:6} does not see its own output"
    out=$(as_user "$node" cat "hello-ge.o$ge") || fail "no ~/hello-ge.o$ge for $user on $node"
    [[ $out == "hello from node0"?", job $ge (hello-ge)" ]] || fail "hello-ge.o$ge says '$out'"

    mpi=$(as_user "$node" qsub pi-ge.sh | job_id)
    [[ -n $mpi ]] || fail "qsub on $node did not take the MPI job"
    say "on $node: MPI job $mpi submitted; qstat there:"
    as_user "$node" qstat >&2
    wait_for 120 gone_from_qstat "$node" "$mpi" || fail "the MPI job $mpi did not end"
    out=$(as_user "$node" cat "pi.o$mpi") || fail "no ~/pi.o$mpi"
    for name in "${names[@]}"; do
        grep -qx "$name" <<<"$out" || fail "the MPI job had no rank on $name: $out"
    done
    grep -q '^pi is approximately 3.14159' <<<"$out" || fail "bramble-pi did not compute pi: $out"
    say "on $node: the MPI job ran one rank on each of ${names[*]}"
}

submit_and_watch head
# Each container's PID 1 reaps what is left to it, as an init does (a process just ended may be a
# zombie for a moment).
zombies_on() { on "$1" ps -eo stat=,comm= | awk '$1 ~ /^Z/ { print $2 }'; }
no_zombies() { [[ -z $(zombies_on "$1") ]]; }
for node in head "${names[@]}"; do
    wait_for 10 no_zombies "$node" || fail "zombies on $node: $(zombies_on "$node")"
done

# A user logged in on a compute node submits there, and a job submits its follow-up from its node:
# the node's execd relays the tools' requests to the head (the guide's step 13).
follow_up() {
    local node=$1 first id
    as_user "$node" "cat >first.sh" <<'JOB'
#!/bin/sh
#$ -N first
#$ -cwd -j y
echo "first on $(hostname)"
qsub -N second -cwd -j y -b y hostname
JOB
    first=$(as_user "$node" qsub first.sh | job_id)
    [[ -n $first ]] || fail "qsub on $node did not take first.sh"
    wait_for 120 gone_from_qstat "$node" "$first" || fail "job $first did not end"
    id=$(as_user "$node" cat "first.o$first" | job_id)
    [[ -n $id ]] || fail "the job could not submit its follow-up: $(as_user "$node" cat "first.o$first")"
    wait_for 120 gone_from_qstat "$node" "$id" || fail "the follow-up job $id did not end"
    as_user "$node" cat "second.o$id" | grep -qx 'node0[1-9]' ||
        fail "the follow-up job's output: $(as_user "$node" cat "second.o$id")"
    say "job $first submitted its follow-up $id from inside the job"
}
submit_and_watch "${names[0]}"
follow_up "${names[0]}"

# A machine that dies (step 12): two jobs on the last node, one rerunnable; the node killed
# outright.
again=$(as_user head qsub -N again -r y -cwd -j y -l "hostname=$last" -b y sleep 600 | job_id)
once=$(as_user head qsub -N once -cwd -j y -l "hostname=$last" -b y sleep 600 | job_id)
running_on_last() { [[ $(qstat_row head "$1" | awk '{ print $5, $8 }') == "r all.q@$last" ]]; }
wait_for 60 running_on_last "$again" || fail "job $again did not start on $last"
wait_for 60 running_on_last "$once" || fail "job $once did not start on $last"
"$cluster" kill "$last"
node_down() { on head qhost | awk -v n="$last" '$1 == n && $7 == "-" { down = 1 } END { exit !down }'; }
wait_for 90 node_down || fail "qhost still shows $last up: $(on head qhost)"
say "qhost on the head shows $last down:"
on head qhost >&2
requeued() { [[ $(qstat_row head "$again" | awk '{ print $5 }') == qw ]]; }
wait_for 240 requeued || fail "the rerunnable job $again was not requeued: $(qstat_row head "$again")"
wait_for 30 gone_from_qstat head "$once" || fail "job $once is still listed: $(qstat_row head "$once")"
as_user head qacct -j "$once" | grep -q '^failed  *[1-9]' || fail "qacct does not show job $once failed"
say "the lost node's rerunnable job $again is queued again; job $once failed (qacct -j $once)"
say "passed in $((SECONDS - started)) s"
