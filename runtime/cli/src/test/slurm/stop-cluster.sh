#!/usr/bin/env bash
# Stops the one-node Slurm cluster of start-cluster.sh: only the daemons whose pid files it
# wrote (slurmd, slurmctld, munged), each by its process id; the folder stays for its logs.
set -uo pipefail

dir="${LION_DG_SLURM_DIR:-/tmp/lion-dg-slurm}"

stop() {
  local name="$1" pidfile="$2" pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "stop-cluster: stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

stop slurmd "$dir/slurmd.pid"
stop slurmctld "$dir/slurmctld.pid"
stop munged "$dir/munged.pid"
rm -f "$dir/munge/munged.pid"
