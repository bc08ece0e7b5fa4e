#!/bin/sh
# The same greeting written for Grid Engine: `qsub etc/jobs/hello-ge.sh`. Every line starting with
# `#$` is a qsub option; anything after a second '#' on the line is a comment.
#$ -N hello-ge          # the job name qstat shows
#$ -cwd -j y            # run here; stderr into the stdout file
#$ -l h_rt=0:05:00,h_vmem=64M
#$-S /bin/sh
##$ -pe smp 4           (two '#': switched off)
echo "hello from $(hostname), job $JOB_ID ($JOB_NAME), $NSLOTS slot(s)"
#$ -v GREETING=hello    # directives count anywhere in the file
echo "$GREETING"
