# test_snapshots_cli.sh: `stepformer train --snapshots DIR --snapshot-every N` writes a snapshot every
# N steps and at the end, each a model file that decodes, with step, train_loss, heldout_loss and
# heldout_exact in its metadata (train_loss the step's printed loss); the last one holds the
# weights -o saved; nothing else is left in the folder; a file given as the folder is refused.
# Usage: bash test_snapshots_cli.sh <stepformer binary> <tests/data dir>
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$work/err" | head -20; }

if "$bin" train --task reverse --steps 50 --batch 8 --d-model 16 --heads 2 --d-ff 32 --layers 1 --eval-every 0 \
    --snapshots "$work/snaps" --snapshot-every 20 -o "$work/final.safetensors" >"$work/out" 2>"$work/err"; then
    ok "train with --snapshots runs"
else
    not_ok "train with --snapshots"
fi
files=$(cd "$work/snaps" && ls | tr '\n' ' ')
[ "$files" = "step-0000020.safetensors step-0000040.safetensors step-0000050.safetensors " ] &&
    ok "snapshots at steps 20, 40 and the last (50), nothing else: $files" || { echo "$files" >"$work/err"; not_ok "files"; }
if python3 - "$work" >"$work/err" 2>&1 <<'PY'; then
import json, re, struct, sys
work = sys.argv[1]
def read(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    return json.loads(raw[8:8 + n]), raw[8 + n:]
printed = {int(m.group(1)): float(m.group(2)) for m in re.finditer(r"step (\d+)/\d+ loss ([0-9.]+)", open(work + "/out").read())}
for step in (20, 40, 50):
    head, data = read("%s/snaps/step-%07d.safetensors" % (work, step))
    meta = head["__metadata__"]
    assert int(meta["step"]) == step, meta
    assert abs(float(meta["train_loss"]) - printed[step]) < 1e-4, (meta["train_loss"], printed[step])
    assert 0 < float(meta["heldout_loss"]) < 10, meta
    assert 0 <= float(meta["heldout_exact"]) <= 1, meta
    assert meta["task"] == "reverse"
_, last = read(work + "/snaps/step-0000050.safetensors")
_, final = read(work + "/final.safetensors")
assert last == final, "the last snapshot's weights differ from -o's"
print("metadata and weights as expected")
PY
    ok "metadata: step, train_loss (= the printed loss), held-out loss and exact; the last snapshot = -o"
else
    not_ok "metadata"
fi
"$bin" decode --model "$work/snaps/step-0000020.safetensors" --input abc >"$work/out2" 2>"$work/err" &&
    ok "a snapshot is a model file that decodes" || not_ok "decode a snapshot"
: >"$work/a-file"
"$bin" train --task reverse --steps 2 --snapshots "$work/a-file" -o "$work/x.safetensors" >"$work/out" 2>"$work/err"
[ $? = 2 ] && grep -q "is not a folder" "$work/err" && ok "a file as --snapshots is refused" || not_ok "file as --snapshots"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
