# test_teacher_cli.sh: `stepformer decode --target ... --format json` prints the teacher-forcing loss
# (loss.per_position, loss.mean) equal to PyTorch's cross_entropy on the reference models
# (tests/data/teacher_forcing/expected.json, made by make_teacher_loss.py there), and the text
# format prints it under each target token. No loss without a target.
# Usage: bash test_teacher_cli.sh <stepformer binary> <tests/data dir>
set -u
bin=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$work/err" | head -20; }

n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$data/teacher_forcing/expected.json")
for k in $(seq 0 $((n - 1))); do
    read -r model input target < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cases"][int(sys.argv[2])]; print(c["model"], c["input"], c["target"] or "-")' \
        "$data/teacher_forcing/expected.json" "$k")
    if [ "$target" = "-" ]; then # an empty target: the CLI refuses it (test_teacher checks the core on it)
        "$bin" decode --model "$data/reference/$model" --input "$input" --target "" >"$work/out" 2>"$work/err"
        [ $? = 2 ] && ok "case $k: an empty --target is refused" || not_ok "case $k: empty --target"
        continue
    fi
    if ! "$bin" decode --model "$data/reference/$model" --input "$input" --target "$target" --format json >"$work/out" 2>"$work/err"; then
        not_ok "case $k: decode failed"
        continue
    fi
    if python3 - "$work/out" "$data/teacher_forcing/expected.json" "$k" >"$work/err" 2>&1 <<'PY'; then
import json, sys
got = json.load(open(sys.argv[1]))["loss"]
want = json.load(open(sys.argv[2]))["cases"][int(sys.argv[3])]
assert len(got["per_position"]) == len(want["per_position"]), (got, want)
worst = max(abs(a - b) for a, b in zip(got["per_position"], want["per_position"]))
worst = max(worst, abs(got["mean"] - want["mean"]))
print("max |diff| %.2g" % worst)
assert worst < 1e-4, worst
PY
        ok "case $k: $model \"$input\" -> \"$target\": loss equals PyTorch's ($(cat "$work/err"))"
    else
        not_ok "case $k: $model \"$input\" -> \"$target\""
    fi
done

at=$data/reference/tiny-at.safetensors
"$bin" decode --model "$at" --input abcd --target dcba >"$work/out" 2>"$work/err" &&
    grep -q "position  5: target <end>" "$work/out" && grep -q "loss (mean cross-entropy): 2.867" "$work/out" &&
    ok "text format: the loss under each target token and the mean" || { cat "$work/out" >>"$work/err"; not_ok "text format"; }
"$bin" decode --model "$at" --input abcd --format json >"$work/out" 2>"$work/err" &&
    python3 -c 'import json,sys; assert "loss" not in json.load(open(sys.argv[1]))' "$work/out" 2>>"$work/err" &&
    ok "no target: no loss" || not_ok "no target: no loss"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
