#!/bin/bash
# cell-extras.sh MAILDIR : the changes shared/research/sge-reference/README.md lists, made to a cell
# set up by shared/bench/anchors/setup-sge.sh ht (PEs smp and mpi in all.q, h_vmem default 1G,
# schedd_job_info true, accounting on), plus a stand-in mailer that keeps every mail in MAILDIR
# (its arguments and its stdin). Run as root.
set -euo pipefail
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
maildir=$1
install -d -m 1777 "$maildir"
cat >"$maildir/mailer" <<MAILER
#!/bin/sh
# Grid Engine runs: mailer -s SUBJECT RECIPIENT..., the body on stdin.
f=\$(mktemp "$maildir/mail.XXXXXX")
{ printf '%s\n' "\$@"; echo '--- body ---'; cat; } >"\$f"
chmod 644 "\$f"
MAILER
chmod 755 "$maildir/mailer"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
qconf -sconf | sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' >"$T/global"
sed -i -e "s|^mailer .*|mailer                       $maildir/mailer|" \
       -e 's/^reporting_params .*/reporting_params             accounting=true reporting=false flush_time=00:00:15 joblog=false sharelog=00:00:00 accounting_flush_time=00:00:00/' \
       "$T/global"
qconf -Mconf "$T/global" >/dev/null
pe() {  # pe NAME RULE CONTROL_SLAVES
  printf 'pe_name            %s\nslots              999\nuser_lists         NONE\nxuser_lists        NONE\nstart_proc_args    NONE\nstop_proc_args     NONE\nallocation_rule    %s\ncontrol_slaves     %s\njob_is_first_task  FALSE\nurgency_slots      min\naccounting_summary FALSE\nqsort_args         NONE\n' "$1" "$2" "$3" >"$T/$1"
  if qconf -spl 2>/dev/null | grep -qx "$1"; then qconf -Mp "$T/$1" >/dev/null; else qconf -Ap "$T/$1" >/dev/null; fi
}
pe smp '$pe_slots' FALSE
pe mpi '$fill_up' TRUE
qconf -mattr queue pe_list "smp mpi" all.q >/dev/null
qconf -sc | awk '$1=="h_vmem" {$7="1G"} {print}' >"$T/complex"
qconf -Mc "$T/complex" >/dev/null 2>&1 || true
qconf -ssconf | sed 's/^schedd_job_info .*/schedd_job_info                   true/' >"$T/sched"
qconf -Msconf "$T/sched" >/dev/null
