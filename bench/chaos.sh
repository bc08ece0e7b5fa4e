#!/usr/bin/env bash
# bramble under fire: JOBS short jobs submitted to a local cluster of NODES nodes while the
# scheduler and the execds are SIGKILLed at random moments (KILLS times in all), the scheduler's
# and one node's spool disks fill up and are freed (DISKFULL episodes), and a node is cut off
# (SIGSTOPped past the node timeout, then let go). Then it checks what a user would: every job
# qsub acknowledged ran exactly once (or was requeued, or failed with a recorded reason), none was
# lost or ran twice, none is recorded with an exit status it did not have, and nothing leaked
# (slots, processes, job directories).
#
# usage: sudo bench/chaos.sh            (root: the spools are size-limited tmpfs mounts)
# env:   JOBS (10000)  KILLS (100)  DISKFULL (2)  NODES (4)  SEED (random)  SUBMITTERS (2)
#        BRAMBLE_BIN (build/release/bin)  KEEP=1 keeps the state folder (logs, spools)
# Prints key=value figures, then "chaos: PASSED" or "chaos: FAILED: ..."; exits 1 on failure, 77
# (skipped) when not root. CI runs a short variant (tests/CMakeLists.txt: chaos_short).
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-10000}"
KILLS="${KILLS:-100}"
DISKFULL="${DISKFULL:-2}"
NODES="${NODES:-4}"
SUBMITTERS="${SUBMITTERS:-2}"
SEED="${SEED:-$RANDOM}"
BIN="${BRAMBLE_BIN:-$REPO/build/release/bin}"
[[ "$BIN" = /* ]] || BIN="$REPO/$BIN"
RANDOM="$SEED"

say() { printf '[%s] chaos: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 2; }
kv() { printf '%s=%s\n' "$1" "$2"; }

if [[ $(id -u) -ne 0 ]]; then
    say "skipped: run as root (the spools are size-limited tmpfs mounts)"
    exit 77
fi
for tool in bramble-scheduler bramble-execd bramble-shepherd qsub qstat qdel qacct; do
    [[ -x "$BIN/$tool" ]] || die "$BIN/$tool is missing: build first (etc/build.sh release)"
done

D="$(mktemp -d /tmp/bramble-chaos.XXXXXX)"
chmod 755 "$D"
export BRAMBLE_LOCAL_DIR="$D/cluster" BRAMBLE_BIN="$BIN" BRAMBLE_SOCKET="$D/cluster/scheduler.sock"
cluster() { "$REPO/etc/local-cluster.sh" "$@"; }
WORK="$D/work"
mkdir -p "$WORK" "$D/cluster/nodes/pi01" && chmod 1777 "$WORK"

cleanup() {
    cluster stop >/dev/null 2>&1
    pkill -KILL -f "$D/" 2>/dev/null  # shepherds and jobs the killed execds left running
    umount "$D/cluster/spool" "$D/cluster/nodes/pi01/spool" 2>/dev/null ||
        umount -l "$D/cluster/spool" "$D/cluster/nodes/pi01/spool" 2>/dev/null
    [[ "${KEEP:-0}" == 1 ]] && say "state kept in $D" || rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

# The scheduler's spool and pi01's on small file systems of their own, so that they can be filled.
for spool in "$D/cluster/spool" "$D/cluster/nodes/pi01/spool"; do
    mkdir -p "$spool"
    if ! mount -t tmpfs -o size=64m,mode=0700 tmpfs "$spool"; then
        say "skipped: cannot mount a tmpfs on $spool (a container without CAP_SYS_ADMIN?)"
        exit 77
    fi
done
cat >"$D/cluster.yaml" <<'YAML'
heartbeat_seconds: 1
node_timeout_seconds: 3
YAML
cluster start --nodes "$NODES" --cores 1 --memory 256M --config "$D/cluster.yaml" >&2 ||
    die "the cluster did not start"

# ---- load: each job appends its id to a shared log, once per run ---------------------------------
# Submissions are paced to last about as long as the chaos does (KILLS pauses of 1.5 s on average),
# so that crashes land while jobs are being submitted, dispatched and finished.
submitter() {
    local me="$1" i out gap_ms=$((KILLS * 1500 * SUBMITTERS / JOBS))
    for ((i = me; i <= JOBS; i += SUBMITTERS)); do
        ((gap_ms > 10)) && sleep "$((gap_ms / 1000)).$(printf '%03d' $((gap_ms % 1000)))"
        local hold=()
        ((i % 10 == 0)) && hold=(-h)  # an operator releases these (below)
        if out="$("$BIN/qsub" -terse -r y "${hold[@]}" -N "c$i" -o /dev/null -e /dev/null -b y \
            /bin/sh -c "echo \$JOB_ID \$JOB_NAME >>$WORK/ran.log; sleep 0.0\$((\$JOB_ID % 5))" \
            2>"$D/qsub.$me.err")"; then
            echo "$i $out" >>"$D/acknowledged.$me"
            # Every 17th job is deleted again at once: it may have run, but at most once.
            if ((i % 17 == 0)); then
                echo "$out" >>"$D/deleted.$me"
                "$BIN/qdel" "$out" >/dev/null 2>&1
            fi
        else
            echo "$i $(tr '\n' ' ' <"$D/qsub.$me.err")" >>"$D/refused.$me"
        fi
    done
}

# ---- chaos ----------------------------------------------------------------------------------------
KILLED=0 FILLED=0 CUT=0
node_name() { printf 'pi%02d' "$((1 + RANDOM % NODES))"; }
pause() { sleep "$((RANDOM % 3)).$((RANDOM % 10))"; }

kill_and_revive() {
    local name="$1"
    if ! cluster kill "$name" 2>/dev/null; then
        say "$name was not running; starting it"
        cluster revive "$name" >/dev/null 2>&1
        return
    fi
    KILLED=$((KILLED + 1))
    sleep "0.$((RANDOM % 10))"
    cluster revive "$name" >"$D/revive.out" 2>&1 || say "could not revive $name: $(cat "$D/revive.out")"
}

fill_disk() {
    local where="$1"
    FILLED=$((FILLED + 1))
    say "filling $where"
    dd if=/dev/zero of="$where/filler" bs=1M 2>/dev/null
    sleep "$((2 + RANDOM % 3))"
    rm -f "$where/filler"
    say "freed $where"
}

cut_off() {
    local name pid
    name="$(node_name)"
    pid="$(cat "$D/cluster/$name.pid")"
    CUT=$((CUT + 1))
    say "cutting $name off for 5 s"
    kill -STOP "$pid"
    sleep 5
    kill -CONT "$pid"
}

# Releases the held jobs every second, as an operator would, until the submitters are done.
releaser() {
    while [[ ! -e "$D/submitted" ]]; do
        "$BIN/qrls" -u '*' >/dev/null 2>&1
        sleep 1
    done
    "$BIN/qrls" -u '*' >/dev/null 2>&1
}

chaos() {
    local round=0 fill_at=$((KILLS / (DISKFULL + 1)))
    while ((KILLED < KILLS && round < 4 * KILLS + 10)); do
        pause
        round=$((round + 1))
        if ((DISKFULL > FILLED && KILLED >= fill_at * (FILLED + 1))); then
            if ((FILLED % 2 == 0)); then fill_disk "$D/cluster/spool"; else fill_disk "$D/cluster/nodes/pi01/spool"; fi
        elif ((CUT == 0 && KILLED >= KILLS / 2)); then
            cut_off
        elif ((RANDOM % 3 == 0)); then
            kill_and_revive scheduler
        else
            kill_and_revive "$(node_name)"
        fi
    done
    echo "$KILLED $FILLED $CUT" >"$D/chaos.counts"
}

started=$EPOCHSECONDS
submitters=()
say "seed $SEED: $JOBS jobs, $KILLS kills, $DISKFULL disk-full episodes, $NODES nodes"
for ((s = 1; s <= SUBMITTERS; s++)); do
    submitter "$s" &
    submitters+=($!)
done
releaser &
chaos
wait "${submitters[@]}"
touch "$D/submitted"
wait
read -r KILLED FILLED CUT <"$D/chaos.counts"

# Everything back up, then wait for the queue to drain.
for pidfile in "$D/cluster"/*.pid; do
    cluster revive "$(basename "$pidfile" .pid)" >/dev/null 2>&1  # refuses one that runs
done
"$BIN/qrls" -u '*' >/dev/null 2>&1
deadline=$((EPOCHSECONDS + 600))
until [[ -z "$("$BIN/qstat" -u '*' 2>/dev/null)" ]] && "$BIN/qstat" -u '*' >/dev/null 2>&1; do
    ((EPOCHSECONDS < deadline)) || { say "the queue did not drain within 600 s"; break; }
    sleep 1
done
kv seed "$SEED"
kv wall_s "$((EPOCHSECONDS - started))"
kv kills "$KILLED"
kv disk_full_episodes "$FILLED"
kv nodes_cut_off "$CUT"

# ---- the verdict ----------------------------------------------------------------------------------
cat "$D"/acknowledged.* 2>/dev/null | sort -n >"$D/acknowledged"
cat "$D"/refused.* 2>/dev/null >"$D/refused"
cut -d' ' -f1 "$WORK/ran.log" 2>/dev/null | sort | uniq -c | awk '{print $2, $1}' >"$D/runs"
kv acknowledged "$(wc -l <"$D/acknowledged")"
kv refused_by_qsub "$(wc -l <"$D/refused")"

# One accounting record per job that ended after it started (qacct -j, every job): id, exit
# status, failed reason or "-", separated by tabs. A job deleted before it started has none.
"$BIN/qacct" -j 2>/dev/null | awk -v OFS='\t' '
    /^jobnumber / { id = $2 }
    /^exit_status / { exit_of[id] = $2 }
    /^failed / { sub(/^failed +/, ""); sub(/ +$/, ""); failed_of[id] = ($0 == "0" ? "-" : $0) }
    END { for (i in exit_of) print i, exit_of[i], (i in failed_of ? failed_of[i] : "-") }
' >"$D/records"
cat "$D"/deleted.* 2>/dev/null | sort -u >"$D/deleted"
kv accounting_records "$(wc -l <"$D/records")"

awk -v runs="$D/runs" -v records="$D/records" -v deletions="$D/deleted" '
    BEGIN {
        while ((getline line < runs) > 0) { split(line, f, " "); ran[f[1]] = f[2] }
        while ((getline line < deletions) > 0) { qdeleted[line] = 1 }
        while ((getline line < records) > 0) {
            split(line, f, "\t"); exit_of[f[1]] = f[2]; failed_of[f[1]] = f[3]
        }
    }
    {
        id = $2; n = (id in ran) ? ran[id] : 0
        if ((id in qdeleted) && n <= 1) { deleted++; next }
        if (!(id in exit_of)) { lost++; print "lost: job " id " (ran " n " times) has no accounting record" > "/dev/stderr"; next }
        reason = failed_of[id]
        if (n == 1 && exit_of[id] == 0) { once++; next }
        if (n > 1) { twice++; print "ran " n " times: job " id " (exit " exit_of[id] ", failed " reason ")" > "/dev/stderr"; next }
        if (n == 1) { false_status++; print "false status: job " id " ran and ended well but is recorded exit " exit_of[id] ", failed " reason > "/dev/stderr"; next }
        if (reason != "-" && reason != "") { failed_with_reason++; next }
        false_status++; print "no reason: job " id " never ran and has no recorded reason" > "/dev/stderr"
    }
    END {
        printf "ran_once=%d\ndeleted=%d\nfailed_with_reason=%d\nlost=%d\nran_twice=%d\nfalse_status=%d\n",
            once, deleted, failed_with_reason, lost, twice, false_status
    }' "$D/acknowledged" | tee "$D/verdict"

# Unacknowledged submissions that ran anyway: a user who resubmits would run them twice.
unacknowledged_ran="$(awk 'NR == FNR { refused["c" $1] = 1; next } $2 in refused' "$D/refused" \
    "$WORK/ran.log" 2>/dev/null | wc -l)"
kv unacknowledged_but_ran "$unacknowledged_ran"

# Leaks: no slot in use, no shepherd left, no job directory left on any node.
used="$("$BIN/qstat" -f 2>/dev/null | awk '/BIP/ { split($3, f, "/"); s += f[2] } END { print s + 0 }')"
shepherds="$(pgrep -fc "bramble-shepherd.*$D" || true)"
job_dirs="$(find "$D"/cluster/nodes/*/spool/active_jobs -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
kv slots_in_use_after "$used"
kv shepherds_left "$shepherds"
kv job_dirs_left "$job_dirs"

failures=()
for key in lost ran_twice false_status; do
    value="$(sed -n "s/^$key=//p" "$D/verdict")"
    [[ "${value:-0}" == 0 ]] || failures+=("$key=$value")
done
[[ "$used" == 0 ]] || failures+=("slots_in_use_after=$used")
[[ "$shepherds" == 0 ]] || failures+=("shepherds_left=$shepherds")
[[ "$job_dirs" == 0 ]] || failures+=("job_dirs_left=$job_dirs")
if [[ ${#failures[@]} -ne 0 ]]; then
    echo "chaos: FAILED: ${failures[*]}"
    KEEP=1
    exit 1
fi
echo "chaos: PASSED"
