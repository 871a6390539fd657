#!/usr/bin/env bash
# test_refine_cli.sh: `decode --iterations K` and `eval --iterations K` (NAT iterative refinement,
# Mask-Predict) and `train --objective mask-predict` from the command line.
# usage: test_refine_cli.sh STEPFORMER TESTS_DATA_DIR
set -uo pipefail
bin=$1
data=$2
models=${STEPFORMER_ASSETS:-$data/../../assets}/models
mp=$models/number-words-mixed-nat-maskpredict.safetensors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 0 iterations is the one-pass decode, line for line (but the time)
"$bin" decode --model "$mp" --input 7113 | grep -v "^decoder passes" >"$tmp/plain.txt"
"$bin" decode --model "$mp" --input 7113 --iterations 0 | grep -v "^decoder passes" >"$tmp/zero.txt"
cmp -s "$tmp/plain.txt" "$tmp/zero.txt" || fail "--iterations 0 differs from the one-pass decode"
"$bin" decode --model "$mp" --input 7113 --iterations 0 | grep -q "^decoder passes: 1," || fail "--iterations 0: not one pass"
# K iterations: K + 1 passes, each listed; pass t re-masks n(T-t)/T of the n positions
out=$("$bin" decode --model "$mp" --input 7113 --iterations 3)
echo "$out" | grep -q "^decoder passes: 4," || fail "--iterations 3: $(echo "$out" | grep passes)"
n=$(echo "$out" | sed -n 's/^pass 1: \([0-9]*\) of \([0-9]*\) .*/\2/p')
for t in 1 2 3; do
    want=$((n * (4 - t) / 4))
    echo "$out" | grep -q "^pass $((t + 1)): $want of $n positions re-masked" || fail "pass $((t + 1)) should re-mask $want of $n"
    got=$(echo "$out" | awk -v p="pass $((t + 1)):" 'index($0, p) == 1 { on = 1; next } /^pass / { on = 0 } on && /^  position/' | wc -l)
    [ "$got" -eq "$want" ] || fail "pass $((t + 1)) lists $got positions, not $want"
done
echo "$out" | grep -q "^output: seven thousand one hundred thirteen$" || fail "7113 after 4 passes: $(echo "$out" | grep output)"
# as JSON: one object a pass, the masked positions and the confidences, as the text says
"$bin" decode --model "$mp" --input 7113 --iterations 3 --format json >"$tmp/r.json" || fail "--format json"
python3 - "$tmp/r.json" <<'PY' || fail "the JSON's refinement"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["refinement"]
assert [p["pass"] for p in r] == [1, 2, 3, 4], r
n = len(r[0]["output"])
for t, p in enumerate(r[1:], start=1):
    assert len(p["masked"]) == n * (4 - t) // 4, p
    for i in range(n):  # kept positions keep their confidence; before = the pass before's after
        assert p["confidence_before"][i] == r[t - 1]["confidence_after"][i]
        if i + 1 not in p["masked"]:
            assert p["confidence_after"][i] == p["confidence_before"][i]
assert r[-1]["output"] == d["output"][:n], (r[-1], d["output"])
PY
# refused where it means nothing, with a message naming the problem
msg=$("$bin" decode --model "$models/number-words-mixed-at.safetensors" --input 7113 --iterations 2 2>&1)
[ $? -eq 2 ] && echo "$msg" | grep -q "refines a NAT decode" || fail "AT model with --iterations: $msg"
msg=$("$bin" decode --model "$mp" --input 7113 --iterations 2 --target "seven" 2>&1)
[ $? -eq 2 ] && echo "$msg" | grep -q "not with --target" || fail "--target with --iterations: $msg"
"$bin" decode --model "$mp" --input 7113 --iterations 65 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--iterations 65 accepted"
# eval: the figures for 1 and 4 passes on a few held-out inputs; refinement does not lose accuracy here
e1=$("$bin" eval --model "$mp" --n 100 --format json | sed -n 's/.*"exact_match": \([0-9.]*\).*/\1/p')
e4=$("$bin" eval --model "$mp" --n 100 --iterations 3 --format json | sed -n 's/.*"exact_match": \([0-9.]*\).*/\1/p')
awk -v a="$e1" -v b="$e4" 'BEGIN { exit !(b >= a) }' || fail "eval: 4 passes $e4 below 1 pass $e1"
# train: the objective is NAT only; a short run writes a model whose metadata says so
msg=$("$bin" train --task sort --objective mask-predict --steps 2 -o "$tmp/x.safetensors" 2>&1)
[ $? -eq 2 ] && echo "$msg" | grep -q "add --decoder nat" || fail "mask-predict for AT: $msg"
"$bin" train --task sort --decoder nat --objective mask-predict --steps 3 --d-model 16 --heads 2 --d-ff 32 --layers 1 \
    --eval-every 0 -o "$tmp/mp.safetensors" >"$tmp/train.txt" 2>&1 || fail "train: $(cat "$tmp/train.txt")"
grep -q "Mask-Predict objective" "$tmp/train.txt" || fail "train does not say its objective"
grep -aq '"objective":"mask-predict"' "$tmp/mp.safetensors" || fail "no objective in the model's metadata"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all refinement CLI checks passed"
