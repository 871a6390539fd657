#!/usr/bin/env bash
# train_models.sh: trains every shipped model in assets/models (what `make models` runs), one after
# the other, then prints `stepformer eval` for each. usage: tools/train_models.sh STEPFORMER [OUTDIR]
# The exact commands and their results are recorded in docs/training.md.
set -euo pipefail
bin=${1:?usage: train_models.sh STEPFORMER [OUTDIR]}
out=${2:-$(dirname "$0")/../assets/models}
mkdir -p "$out"
common=(--d-model 64 --heads 4 --d-ff 256 --layers 2 --batch 64 --lr 0.002 --seed 1 --threads 2)

train() { # NAME then train options
    local name=$1; shift
    local t0=$SECONDS
    "$bin" train "${common[@]}" "$@" -o "$out/$name.safetensors" | tail -n 2
    echo "$name: trained in $((SECONDS - t0)) s"
}

for task in reverse sort number-words number-zh dates number-words-mixed; do
    train "$task-at" --task "$task" --decoder at --steps 2500
done
for task in reverse sort number-words number-zh dates number-words-mixed; do
    train "$task-nat" --task "$task" --decoder nat --steps 3000
done
train number-words-mixed-nat-distilled --task number-words-mixed --decoder nat --steps 3000 \
    --distill-from "$out/number-words-mixed-at.safetensors"
# Mask-Predict (iterative refinement, decode --iterations K): the NAT shape, the masked objective
train number-words-mixed-nat-maskpredict --task number-words-mixed --decoder nat --objective mask-predict --steps 6000
train dates-nat-maskpredict --task dates --decoder nat --objective mask-predict --steps 2000

for f in "$out"/*.safetensors; do
    echo "== $(basename "$f")"
    "$bin" eval --model "$f" --n 1000
done
