#!/usr/bin/env bash
# The Fashion-MNIST CPU protocol: He, LION-DG, LSUV and Hybrid x seeds 42, 123, 456 on
# DenseNet-DS, 300 steps, target 78 % running training accuracy (see README.md for why),
# everything else as the paper's Appendix A.2. About 31 minutes on 2 cores.
#
# usage: samples/fashion-mnist/run.sh [OUT_DIR] [extra grid flags]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
case "${1:-}" in
  -h | --help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac
# OUT_DIR is optional: a first argument that starts with '-' is already a grid flag.
out="$root/samples/fashion-mnist/results"
if [[ $# -gt 0 && "$1" != -* ]]; then
  out="$1"
  shift
fi

"$root/lion-dg" grid --datasets fashion-mnist --archs densenet-ds \
  --inits he,lion-dg,lsuv,hybrid --seeds 42,123,456 \
  --max-steps 300 --target 0.78 --batch-size 128 --out "$out" "$@"
"$root/lion-dg" report --in "$out" --out "$out"
echo "report: $out/report.md"
