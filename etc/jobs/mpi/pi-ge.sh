#!/bin/sh
# The pi job written for Grid Engine: `qsub etc/jobs/mpi/pi-ge.sh`. mpirun reads the allocation
# (PE_HOSTFILE) and starts the remote ranks with `qrsh -inherit`, so no -np, hostfile or ssh.
#$ -N pi
#$ -pe mpi 4
#$ -cwd -j y
#$ -l h_rt=0:10:00,h_vmem=256M
mpirun bramble-pi --intervals 200000000
