#!/usr/bin/env bash
# Proves the arm64 packages (etc/build-arm64.sh) make a working node on an amd64 machine under
# qemu's user-mode emulator: unpacks them into a temporary root, runs the arm64 scheduler and
# execd from it on loopback with a temporary spool, waits until qhost lists the node, and runs one
# job as bramble-alice to its end. Too slow for the test suite (qemu); run it by hand, as root
# (binfmt_misc, so the execd can start the arm64 shepherd; the job runs as its owner):
#   tests/packages/check-arm64-node.sh [PACKAGES_DIR]      (default build/arm64/packages)
set -euo pipefail

packages=${1:-$(cd "$(dirname "$0")/../.." && pwd)/build/arm64/packages}
user=bramble-alice

fail() { echo "check-arm64-node: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "run as root: it registers qemu with binfmt_misc and runs a job as $user"
command -v qemu-aarch64-static >/dev/null || fail "qemu-aarch64-static is missing (apt-get install qemu-user-static)"
id "$user" >/dev/null 2>&1 || fail "the test user $user does not exist (tests/support/test_users.hpp makes it)"
compgen -G "$packages/bramble-*_arm64.deb" >/dev/null || fail "no arm64 packages in $packages (etc/build-arm64.sh)"

# The execd execs the arm64 shepherd and the job's shell is the host's: the kernel must hand arm64
# programs to qemu itself. F loads the emulator now, so it works in any mount namespace.
if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
    [[ -e /proc/sys/fs/binfmt_misc/register ]] ||
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || fail "cannot mount binfmt_misc"
    cat /usr/lib/binfmt.d/qemu-aarch64.conf >/proc/sys/fs/binfmt_misc/register ||
        fail "cannot register qemu-aarch64 with binfmt_misc"
fi

state=$(mktemp -d /tmp/bramble-arm64.XXXXXX)
chmod 755 "$state"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$state"
}
trap cleanup EXIT

root=$state/root
for deb in "$packages"/bramble-*_arm64.deb; do dpkg-deb -x "$deb" "$root"; done
sbin=$root/usr/sbin bin=$root/usr/bin
file -L "$sbin/bramble-execd" | grep -q 'ARM aarch64' || fail "$sbin/bramble-execd is not an arm64 program"

for program in "$sbin/bramble-scheduler" "$sbin/bramble-execd"; do
    "$program" --help >/dev/null || fail "$program --help failed under qemu"
done
echo "check-arm64-node: the arm64 scheduler and execd answer --help"

# Polls for at most SECONDS (qemu is slow to start the daemons).
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

(umask 077 && head -c 32 /dev/urandom >"$state/cluster.key")
mkdir -p "$state/spool" "$state/node/spool" "$state/node/tmp" "$state/jobs"
chmod 1777 "$state/node/tmp"
chown "$user" "$state/jobs"
export BRAMBLE_SOCKET=$state/scheduler.sock
"$sbin/bramble-scheduler" --spool "$state/spool" --socket "$BRAMBLE_SOCKET" --listen 127.0.0.1:0 \
    --port-file "$state/port" --cluster-key "$state/cluster.key" >"$state/scheduler.log" 2>&1 &
pids+=($!)
wait_for 120 test -s "$state/port" || fail "the arm64 scheduler did not start: $(tail -5 "$state/scheduler.log")"
"$sbin/bramble-execd" --scheduler "127.0.0.1:$(cat "$state/port")" --name arm01 --cores 1 \
    --memory 256M --port 0 --spool "$state/node/spool" --tmpdir "$state/node/tmp" \
    --cluster-key "$state/cluster.key" >"$state/execd.log" 2>&1 &
pids+=($!)

node_up() { "$bin/qhost" 2>/dev/null | awk '$1 == "arm01" && $7 != "-" { up = 1 } END { exit !up }'; }
wait_for 120 node_up || fail "qhost does not list arm01 as up: $(tail -5 "$state/execd.log")"
"$bin/qhost"
"$bin/qhost" | awk '$1 == "arm01" && $2 == "lx-arm64" { ok = 1 } END { exit !ok }' ||
    fail "qhost does not show arm01 as lx-arm64"

cat >"$state/jobs/hello.sh" <<'JOB'
#!/bin/sh
#$ -N arm64-hello -cwd -j y
echo "hello from $(uname -m) job $JOB_ID"
JOB
chown "$user" "$state/jobs/hello.sh"
submitted=$(cd "$state/jobs" && runuser -u "$user" -- env BRAMBLE_SOCKET="$BRAMBLE_SOCKET" "$bin/qsub" hello.sh)
echo "check-arm64-node: $submitted"
job=$(grep -o '[0-9][0-9]*' <<<"$submitted" | head -1)
finished() { [[ -z "$("$bin/qstat" -u '*' 2>/dev/null | awk -v j="$job" '$1 == j')" ]]; }
wait_for 180 finished || fail "job $job did not finish: $("$bin/qstat" -u '*')"
output=$state/jobs/arm64-hello.o$job
wait_for 30 test -s "$output" || fail "job $job wrote no $output"
grep -q "hello from" "$output" || fail "job $job wrote '$(cat "$output")'"
echo "check-arm64-node: job $job ran on the arm64 node: $(cat "$output")"
