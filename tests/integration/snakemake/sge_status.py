#!/usr/bin/env python3
"""snakemake --cluster-status for Grid Engine, reading qstat and qacct the way the Snakemake SGE
profile's status script does: a job qstat -s pr lists is running (failed when its state has an E);
one it does not list has finished, and qacct's exit_status (two blanks after the key) says how."""
import re
import subprocess
import sys
import time

job = int(sys.argv[1].split()[0])
listing = subprocess.run(["qstat", "-s", "pr"], capture_output=True, text=True, check=True)
for line in listing.stdout.splitlines()[2:]:
    fields = line.split()
    if int(fields[0]) == job:
        print("failed" if "E" in fields[4] else "running")
        sys.exit(0)

# The profile retries qacct while the accounting record is not written yet.
for _ in range(20):
    accounting = subprocess.run(["qacct", "-j", str(job)], capture_output=True, text=True)
    if accounting.returncode == 0:
        status = re.search(r"exit_status  ([0-9]+)", accounting.stdout)
        print("success" if status and int(status.group(1)) == 0 else "failed")
        sys.exit(0)
    time.sleep(1)
print("failed")
