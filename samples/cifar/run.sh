#!/usr/bin/env bash
# The paper's full CIFAR protocol (Appendix A.2): CIFAR-10 and CIFAR-100 x DenseNet-DS and
# ResNet-DS x all seven strategies x seeds 42, 123, 456; AdamW lr 1e-3 (an assumption, see the
# report), weight decay 0.05, batch 128, aux weight 0.3, 3000 steps, target 70 %.
#
# usage: samples/cifar/run.sh DATA_DIR [OUT_DIR] [extra grid flags, e.g. --device gpu --jobs 2]
#   DATA_DIR holds cifar-10-batches-bin/ and cifar-100-binary/ (or the two .tar.gz archives
#   of the "binary version" from the CIFAR page).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:?usage: run.sh DATA_DIR [OUT_DIR] [grid flags]}"
out="${2:-$root/samples/cifar/results}"
shift $(( $# >= 2 ? 2 : 1 ))

"$root/lion-dg" grid --datasets cifar10,cifar100 --archs densenet-ds,resnet-ds \
  --inits he,lion-dg,lsuv,hybrid,fixup,rezero,xavier --seeds 42,123,456 \
  --max-steps 3000 --target 0.70 --batch-size 128 --data-dir "$data" --out "$out" "$@"
"$root/lion-dg" report --in "$out" --out "$out"
echo "report: $out/report.md"
