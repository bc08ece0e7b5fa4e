#!/bin/bash
# fidelity.sh OUTDIR MAILDIR : qconf's show options, a held running job in qstat's listings,
# qalter -p of a running job, and the mails of deleted jobs (MAILDIR is cell-extras.sh's). Run as
# an ordinary user with SGE_ROOT, SGE_CELL and PATH set for Grid Engine's tools. Writes
# OUTDIR/<name>.txt as shared/research/sge-reference/capture-scripts/capture.sh does.
set -u
o=$1; maildir=$2; mkdir -p "$o"
d=$(mktemp -d -t ge-fidelity.XXXX); cd "$d" || exit 2
cap() {  # cap NAME CMD...  (CMD run by bash -c so pipes work)
  local name=$1; shift
  bash -c "$*" >"$d/.out" 2>"$d/.err"; local rc=$?
  { echo "\$ $*"; echo "--- stdout ---"; cat "$d/.out"; echo "--- stderr ---"; cat "$d/.err"; echo "--- exit status: $rc"; } >"$o/$name.txt"
}
waitstate() {  # waitstate ID STATE : until qstat shows job ID in STATE (max 60 s)
  for i in $(seq 1 120); do
    [ "$(qstat -u '*' | awk -v id="$1" 'NR>2 && $1==id {print $5; exit}')" = "$2" ] && return 0; sleep 0.5
  done; echo "job $1 never reached $2" >&2; return 1
}
mails() {  # mails NAME : the mails received since the last call, oldest first
  for f in $(ls -tr "$maildir"/mail.* 2>/dev/null); do
    grep -qxF "$f" "$d/.seen" 2>/dev/null && continue
    echo "$f" >>"$d/.seen"; echo "=== mail"; cat "$f"
  done >"$o/$1.txt"
}
host=$(hostname -s)
cap qconf-sq-all.q "qconf -sq all.q"
cap qconf-se "qconf -se $host"
cap qconf-sc "qconf -sc"
cap qconf-sh "qconf -sh"
cap qconf-ss "qconf -ss"
cap qconf-sm "qconf -sm"
cap qconf-so "qconf -so"
cap qconf-sel "qconf -sel"
cap qconf-sq "qconf -sq"
cap qconf-sq-unknown "qconf -sq nosuch.q"
cap qconf-se-unknown "qconf -se nosuchhost"

# A held running job, and qalter -p of a running job.
r=$(qsub -terse -cwd -j y -N runner -b y sleep 300)
waitstate "$r" r
cap qhold-running-2 "qhold $r"
cap qstat-held-running "qstat"
cap qstat-f-held-running "qstat -f"
cap qstat-xml-held-running "qstat -xml"
cap qalter-p-running "qalter -p -10 $r"
cap qstat-pri-altered-running "qstat -pri"
cap qalter-p-raise-running "qalter -p 10 $r"
qdel "$r" >/dev/null
for i in $(seq 1 60); do [ -z "$(qstat)" ] && break; sleep 1; done
sleep 3; mails mail-before

# Mail of a job deleted while it waits (held, so it never starts), for each -m letter, and of one
# deleted while it runs.
for m in a e b bea; do
  w=$(qsub -terse -cwd -j y -N "pend_$m" -m "$m" -h -b y /bin/true)
  cap "qdel-pending-m-$m" "qdel $w"
done
sleep 5; mails mail-deleted-pending
k=$(qsub -terse -cwd -j y -N killed -m a -b y sleep 300)
waitstate "$k" r
cap qdel-running-m-a "qdel $k"
for i in $(seq 1 60); do [ -z "$(qstat)" ] && break; sleep 1; done
sleep 5; mails mail-deleted-running-m-a
k=$(qsub -terse -cwd -j y -N killed_e -m e -b y sleep 300)
waitstate "$k" r
qdel "$k" >/dev/null
for i in $(seq 1 60); do [ -z "$(qstat)" ] && break; sleep 1; done
sleep 5; mails mail-deleted-running-m-e
rm -f "$o/mail-before.txt"
echo "done $o ($d)"
