#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine, for the grid-on-Slurm integration test:
# its own munged, slurmctld and slurmd, with every file (config, key, sockets, spool, logs,
# pid files) under one folder, so nothing in /etc/slurm or /run/munge is touched and a real
# Slurm on the machine is left alone (other ports too).
#
#   runtime/cli/src/test/slurm/start-cluster.sh     start (idempotent: a running cluster is kept)
#   runtime/cli/src/test/slurm/stop-cluster.sh      stop the daemons this script started
#
# Then point the Slurm commands at it: export SLURM_CONF=$LION_DG_SLURM_DIR/slurm.conf
#
# Environment:
#   LION_DG_SLURM_DIR   the folder (default /tmp/lion-dg-slurm)
#   LION_DG_SLURM_PORT  slurmctld's port; slurmd takes the next one (default 16817)
#   LION_DG_SLURM_MEM   memory the node offers, in MB (default: 3/4 of MemAvailable)
#
# Needs root (slurmd runs jobs as their users) and Debian's slurmctld, slurmd, slurm-client
# and munge packages. Exit status: 0 up, 1 failed to start, 3 cannot start here (not root,
# packages missing), with one line saying why.
set -euo pipefail

dir="${LION_DG_SLURM_DIR:-/tmp/lion-dg-slurm}"
port="${LION_DG_SLURM_PORT:-16817}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

cannot() {
  echo "start-cluster: cannot start Slurm here: $*" >&2
  exit 3
}

[[ "$(id -u)" == 0 ]] || cannot "not root (slurmd must run as root)"
for tool in munged slurmctld slurmd sbatch squeue scontrol sinfo; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin"
  command -v "$tool" >/dev/null 2>&1 \
    || cannot "$tool is missing (apt-get install slurmctld slurmd slurm-client munge)"
done
id munge >/dev/null 2>&1 || cannot "no user munge (the munge package creates it)"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

if alive "$dir/munged.pid" && alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" \
    && scontrol ping >/dev/null 2>&1; then
  echo "start-cluster: already running ($conf)"
  exit 0
fi
# Something of ours is half up (a crash, a reboot): stop it and start afresh.
"$(dirname "$0")/stop-cluster.sh" >/dev/null 2>&1 || true

node="$(uname -n)"
node="${node%%.*}"
cpus="$(nproc)"
if [[ -n "${LION_DG_SLURM_MEM:-}" ]]; then
  mem="$LION_DG_SLURM_MEM"
else
  mem="$(awk '/^MemAvailable:/ {print int($2 / 1024 * 3 / 4)}' /proc/meminfo)"
fi

mkdir -p "$dir"/{ctld,spool,log,munge}
chown munge:munge "$dir/munge"
chmod 0755 "$dir/munge"
if [[ ! -s "$dir/munge/munge.key" ]]; then
  # A key of our own; the system's /etc/munge/munge.key is left as it is.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chown munge:munge "$dir/munge/munge.key"
  chmod 0400 "$dir/munge/munge.key"
fi

cat > "$conf" <<EOF
# One-node cluster of lion-dg's Slurm integration test (runtime/cli/src/test/slurm).
ClusterName=liondgtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
# Quick turnaround for a test: finished jobs stay known to scontrol for 5 minutes, a killed task is
# SIGKILLed 5 s after its SIGTERM.
MinJobAge=300
KillWait=5
SlurmdTimeout=30
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
cat > "$dir/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
EOF

runuser -u munge -- munged --socket="$dir/munge/munge.socket" \
  --key-file="$dir/munge/munge.key" --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
for _ in $(seq 50); do
  [[ -s "$dir/munge/munged.pid" ]] && break
  sleep 0.1
done
cp "$dir/munge/munged.pid" "$dir/munged.pid"

slurmctld -f "$conf"
slurmd -f "$conf" -N "$node"

# Up once the controller answers and the node is idle.
for _ in $(seq 60); do
  if scontrol ping >/dev/null 2>&1 \
      && [[ "$(sinfo -h -n "$node" -o %T 2>/dev/null)" == idle* ]]; then
    echo "start-cluster: up: node $node, $cpus CPUs, ${mem} MB ($conf)"
    exit 0
  fi
  sleep 1
done
echo "start-cluster: Slurm did not come up in 60 s; logs in $dir/log:" >&2
tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 2>/dev/null || true
"$(dirname "$0")/stop-cluster.sh" >&2 || true
exit 1
