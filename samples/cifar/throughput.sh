#!/usr/bin/env bash
# How to get the most 3000-step CIFAR-10 runs per hour out of this machine: one run at a time
# with all cores (--jobs 1), or one run per core side by side (--jobs 2 on 2 cores).
#
# usage: samples/cifar/throughput.sh DATA [STEPS]
#   DATA   CIFAR-10 in any form lion-dg reads (e.g. cifar10-images.tar.gz)
#   STEPS  steps per measured run (default 150); the rest of a 3000-step run is extrapolated
#          from the measured ms/step, and start-up, loading and evaluation are measured whole.
# Run it on an otherwise idle machine. Needs python3 to read the JSON results.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:?usage: throughput.sh DATA [STEPS]}"
steps="${2:-150}"
cores="$(nproc)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

run() { # name threads arch seed [extra flags]
  local name="$1" threads="$2" arch="$3" seed="$4"; shift 4
  "$root/lion-dg" train --dataset cifar10 --data-dir "$data" --arch "$arch" --init lion-dg \
    --seed "$seed" --max-steps "$steps" --threads "$threads" --no-progress \
    --out "$tmp/$name.json" "$@" >"$tmp/$name.log" 2>&1
}

now() { date +%s.%N; }

echo "arch setting runs_per_hour ms_per_step wall_s_for_${steps}_steps"
for arch in densenet-ds resnet-ds; do
  t0=$(now); run "$arch-all" "$cores" "$arch" 42; t1=$(now)
  for j in $(seq 1 "$cores"); do run "$arch-one-$j" 1 "$arch" $((42 + j)) & done
  wait; t2=$(now)
  t3=$(now); run "$arch-probe100" "$cores" "$arch" 42 --probe-every 100; t4=$(now)
  python3 - "$tmp" "$arch" "$steps" "$cores" "$t0" "$t1" "$t2" "$t3" "$t4" <<'PY'
import json, sys
tmp, arch, steps, cores = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t0, t1, t2, t3, t4 = map(float, sys.argv[5:10])
def ms(name):
    return json.load(open(f"{tmp}/{name}.json"))["ms_per_step"]
def per_hour(wall, ms_step, runs):
    full = wall + (3000 - steps) * ms_step / 1000  # seconds for `runs` 3000-step runs at once
    return runs * 3600 / full
a = ms(f"{arch}-all")
b = max(ms(f"{arch}-one-{j}") for j in range(1, cores + 1))
p = ms(f"{arch}-probe100")
print(f"{arch} jobs=1,threads={cores} {per_hour(t1 - t0, a, 1):.2f} {a:.1f} {t1 - t0:.1f}")
print(f"{arch} jobs={cores},threads=1 {per_hour(t2 - t1, b, cores):.2f} {b:.1f} {t2 - t1:.1f}")
print(f"{arch} jobs=1,threads={cores},probe-every=100 {per_hour(t4 - t3, p, 1):.2f} {p:.1f} {t4 - t3:.1f}")
PY
done
