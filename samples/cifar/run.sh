#!/usr/bin/env bash
# The paper's CIFAR-10 protocol (Appendix A.2): DenseNet-DS and ResNet-DS x he, lion-dg, lsuv,
# hybrid x seeds 42, 123, 456 (24 runs, the paper's Tables 1, 2 and 6), then fixup and rezero
# on DenseNet-DS (6 runs, Table 7); AdamW lr 1e-3 (an assumption, see the report), weight
# decay 0.05, batch 128, aux weight 0.3, 3000 steps, target 70 %, random flips; then the
# report. Resumable: run it again and it skips the runs already in OUT_DIR/results.jsonl.
#
# usage: samples/cifar/run.sh DATA [OUT_DIR] [extra grid flags, e.g. --jobs 2 --device gpu]
#   DATA   CIFAR-10: the binary version (cifar-10-binary.tar.gz or cifar-10-batches-bin/) or
#          JPEG class folders (e.g. cifar10-images.tar.gz), or a folder holding one of them
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
usage() { sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "" | -*)
    echo "run.sh: expected DATA (CIFAR-10's folder or archive) as the first argument; see run.sh --help" >&2
    exit 2
    ;;
esac
data="$1"
shift
# OUT_DIR is optional: a next argument that starts with '-' is already a grid flag.
out="$root/samples/cifar/results"
if [[ $# -gt 0 && "$1" != -* ]]; then
  out="$1"
  shift
fi

protocol=(--datasets cifar10 --seeds 42,123,456 --max-steps 3000 --target 0.70
  --batch-size 128 --data-dir "$data" --out "$out")
"$root/lion-dg" grid "${protocol[@]}" --archs densenet-ds,resnet-ds \
  --inits he,lion-dg,lsuv,hybrid "$@"
"$root/lion-dg" grid "${protocol[@]}" --archs densenet-ds --inits fixup,rezero "$@"
"$root/lion-dg" report --in "$out" --out "$out"
echo "report: $out/report.md"
