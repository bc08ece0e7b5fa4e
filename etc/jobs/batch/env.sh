#!/bin/sh
# A tiny batch job: shows what Grid Engine-style variables the job sees.
#$ -N env -cwd -j y
#$ -v MESSAGE=batch
env | grep -E '^(JOB_|NSLOTS|NHOSTS|SGE_O_|MESSAGE)' | sort
