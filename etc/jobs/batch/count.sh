#!/bin/sh
# A tiny batch job: counts to five, one number a second.
#$ -N count -cwd -j y
for i in 1 2 3 4 5; do echo "$i"; sleep 1; done
