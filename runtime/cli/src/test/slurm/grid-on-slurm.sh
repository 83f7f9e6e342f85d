#!/usr/bin/env bash
# Integration test: a lion-dg grid on a real (one-node) Slurm cluster. .ci/run runs it after
# `./mvnw verify`.
#
#   1. `grid --emit-slurm` of a tiny synthetic grid, `sbatch`, wait: every cell is in
#      results.jsonl exactly once, `grid --status` says all done, `report` works on the folder;
#      a finished task requeued (`scontrol requeue`) skips its stored cell.
#   2. The same grid, one task at a time, cancelled (`scancel`) while its second cell trains:
#      a local `lion-dg grid` rerun finishes it, with no duplicate and no torn line.
#
# Starts the cluster with start-cluster.sh unless one of ours is up, and stops it at the end
# if it started it. Skipped, with the reason printed, where Slurm cannot start (not root,
# packages missing) or when LION_DG_SLURM_TEST=skip. Exit status: 0 passed or skipped,
# 1 failed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
lion="$repo/lion-dg"
export LION_DG_SLURM_DIR="${LION_DG_SLURM_DIR:-/tmp/lion-dg-slurm}"
export SLURM_CONF="$LION_DG_SLURM_DIR/slurm.conf"
PATH="$PATH:/usr/sbin:/sbin"

say() { echo "grid-on-slurm: $*"; }
skip() {
  say "SKIPPED: $*"
  exit 0
}
fail() {
  say "FAILED: $*" >&2
  exit 1
}

[[ "${LION_DG_SLURM_TEST:-}" == skip ]] && skip "LION_DG_SLURM_TEST=skip"
[[ "$(id -u)" == 0 ]] || skip "not root (the one-node cluster's slurmd must run as root)"
for tool in munged slurmctld slurmd sbatch squeue scancel scontrol; do
  command -v "$tool" >/dev/null 2>&1 \
    || skip "$tool is missing (apt-get install slurmctld slurmd slurm-client munge)"
done

started=""
jobs=()
work="$(mktemp -d "${TMPDIR:-/tmp}/lion-dg-slurm-test.XXXXXX")"
passed=""
cleanup() {
  for job in ${jobs[@]+"${jobs[@]}"}; do
    scancel "$job" >/dev/null 2>&1 || true
  done
  if [[ -n "$started" ]]; then
    "$here/stop-cluster.sh" || true
  fi
  if [[ -n "$passed" ]]; then
    rm -rf "$work"
  else
    say "the test's folders are kept in $work; the cluster's logs in $LION_DG_SLURM_DIR/log"
  fi
}
trap cleanup EXIT

# Build first (the launcher builds what is missing): array tasks never build.
"$lion" --version >/dev/null

if scontrol ping >/dev/null 2>&1; then
  say "using the running cluster of $SLURM_CONF"
else
  set +e
  "$here/start-cluster.sh"
  code=$?
  set -e
  [[ $code -eq 3 ]] && skip "Slurm cannot start here (see the line above)"
  [[ $code -eq 0 ]] || fail "start-cluster.sh failed (exit $code)"
  started=yes
fi

# A tiny grid: 3 cells of 8 steps on synthetic data, one core and 2 GB each.
grid=(--datasets synthetic --archs densenet-ds --inits he,lion-dg,xavier --seeds 1
  --max-steps 8 --batch-size 32 --device cpu --no-progress)
cells=3

# Waits until no task of job $1 is pending or running; $2 seconds at most.
wait_job() {
  local job="$1" limit="$2" waited=0
  while [[ -n "$(squeue -h -j "$job" -o %i 2>/dev/null)" ]]; do
    (( waited++ < limit )) || fail "job $job still queued after ${limit}s: $(squeue -h -r -j "$job" -o '%i %T %R' | tr '\n' ';')"
    sleep 1
  done
}

lines() { if [[ -f "$1" ]]; then wc -l < "$1"; else echo 0; fi; }

# Every cell once, whole lines only, and status, report agree.
check_results() {
  local dir="$1" file="$1/results.jsonl" status
  [[ "$(lines "$file")" -eq $cells ]] \
    || fail "$file holds $(lines "$file") lines, expected $cells (one per cell)"
  [[ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" == '\n' ]] || fail "$file ends in a torn line"
  for init in he lion-dg xavier; do
    [[ "$(grep -c "\"init\":\"$init\"" "$file")" -eq 1 ]] \
      || fail "cell $init is in $file $(grep -c "\"init\":\"$init\"" "$file") times, expected once"
  done
  status="$("$lion" grid "${grid[@]}" --out "$dir" --status)" \
    || fail "grid --status says not every cell is done:"$'\n'"$status"
  echo "$status"
  if grep -Eq "stored [0-9]+ times|torn|not a run result" <<< "$status"; then
    fail "grid --status found duplicates or broken lines"
  fi
  "$lion" report --in "$dir" --out "$dir" >/dev/null || fail "lion-dg report failed on $dir"
  [[ -s "$dir/report.md" ]] || fail "lion-dg report wrote no $dir/report.md"
  say "report: $dir/report.md ($(wc -l < "$dir/report.md") lines)"
}

# --- 1. the whole grid as one array ------------------------------------------------------
one="$work/array"
"$lion" grid "${grid[@]}" --out "$one" --emit-slurm --slurm-cpus 1 --slurm-mem 2G \
  --slurm-time 00:10:00 --slurm-job-name lion-dg-test >/dev/null
t0=$(date +%s.%N)
job="$(sbatch --parsable "$one/grid.slurm")"
job="${job%%;*}"
jobs+=("$job")
say "case 1: submitted job $job: $cells cells as array tasks 0-$((cells - 1))"
wait_job "$job" 600
t1=$(date +%s.%N)
wall1="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')"
check_results "$one"
say "case 1: job $job: $cells cells landed once each in $wall1 s (sbatch to last task done)"

# A finished task requeued (as Slurm requeues the tasks of a failed node) finds its cell
# stored and does not run it again. Slurm holds a requeued job about two minutes; StartTime=now
# lifts that.
scontrol requeue "${job}_0"
scontrol update JobId="${job}_0" StartTime=now >/dev/null 2>&1 || true
sleep 1
wait_job "$job" 120
grep -q "not run again" "$one/slurm-logs/${job}_0.out" \
  || fail "the requeued task ${job}_0 did not skip its stored cell: $(tail -n 3 "$one/slurm-logs/${job}_0.out")"
[[ "$(lines "$one/results.jsonl")" -eq $cells ]] || fail "the requeued task stored its cell again"
say "case 1: task ${job}_0 requeued: $(cat "$one/slurm-state/0"); skipped its stored cell, still $cells results"

# --- 2. cancelled after the first cell, finished by a local rerun ------------------------
two="$work/cancelled"
"$lion" grid "${grid[@]}" --out "$two" --emit-slurm --slurm-cpus 1 --slurm-mem 2G \
  --slurm-max-concurrent 1 --slurm-job-name lion-dg-test >/dev/null
t0=$(date +%s.%N)
job="$(sbatch --parsable "$two/grid.slurm")"
job="${job%%;*}"
jobs+=("$job")
say "case 2: submitted job $job: $cells cells, one task at a time"
waited=0
until [[ "$(lines "$two/results.jsonl")" -ge 1 ]]; do
  (( waited++ < 1200 )) || fail "no cell landed in 600 s"
  sleep 0.5
done
# Cancel while the second cell trains, so that a run is stopped halfway.
waited=0
until grep -qs '^running' "$two/slurm-state/1"; do
  (( waited++ < 240 )) || break
  sleep 0.5
done
sleep 3
scancel "$job"
wait_job "$job" 120
say "case 2: cancelled job $job with $(lines "$two/results.jsonl") of $cells cells stored"
status="$("$lion" grid "${grid[@]}" --out "$two" --status || true)"
echo "$status"
grep -q "stopped .*exit=143" <<< "$status" || say "(no task was stopped mid-run this time)"
[[ "$(lines "$two/results.jsonl")" -lt $cells ]] || fail "every cell finished before scancel"
rerun="$("$lion" grid "${grid[@]}" --out "$two" --jobs 2 2>&1)" \
  || fail "the local rerun failed:"$'\n'"$rerun"
echo "$rerun" | grep -E "^grid: " | sed 's/^/  /'
t1=$(date +%s.%N)
wall2="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')"
check_results "$two"
say "case 2: job $job cancelled, the local rerun finished the grid: $cells cells once each, $wall2 s in all"

passed=yes
say "PASSED"
