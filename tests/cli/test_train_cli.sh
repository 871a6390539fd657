#!/usr/bin/env bash
# test_train_cli.sh: `stepformer train`, `eval` and `bench` from the command line.
# usage: test_train_cli.sh STEPFORMER TESTS_DATA_DIR
set -uo pipefail
bin=$1
data=$2
assets=${STEPFORMER_ASSETS:-$data/../../assets}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
has_keys() { # FILE KEY...
    local f=$1; shift
    /usr/bin/python3 - "$f" "$@" <<'PY' || return 1
import json, sys
d = json.load(open(sys.argv[1]))
missing = [k for k in sys.argv[2:] if k not in d]
if missing:
    print("missing keys:", missing)
    sys.exit(1)
PY
}

# eval --format json on a shipped model: every key, sensible values
model="$assets/models/reverse-at.safetensors"
if [ -f "$model" ]; then
    "$bin" eval --model "$model" --n 30 --format json > "$tmp/eval.json" || fail "eval exited $?"
    has_keys "$tmp/eval.json" task decoder n exact_match token_accuracy repeat_rate length_error_rate ||
        fail "eval JSON lacks keys: $(cat "$tmp/eval.json")"
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["task"]=="reverse" and d["decoder"]=="at" and d["n"]==30 and 0<=d["exact_match"]<=1))' "$tmp/eval.json" ||
        fail "eval JSON values: $(cat "$tmp/eval.json")"
else
    fail "no shipped model $model"
fi

# train writes a loadable file (a tiny, short run), which eval then reads
"$bin" train --task sort --decoder nat -o "$tmp/sort.safetensors" --steps 3 --batch 8 --d-model 16 --heads 2 \
    --d-ff 32 --layers 1 --eval-every 0 > "$tmp/train.txt" || fail "train exited $?"
[ -s "$tmp/sort.safetensors" ] || fail "train wrote no file"
grep -q "saved" "$tmp/train.txt" || fail "train did not report saving: $(cat "$tmp/train.txt")"
"$bin" eval --model "$tmp/sort.safetensors" --n 5 > "$tmp/eval.txt" || fail "eval of the trained file exited $?"
grep -q "NAT decoder" "$tmp/eval.txt" || fail "eval text: $(cat "$tmp/eval.txt")"
ls "$tmp" | grep -q '\.tmp' && fail "a temporary file was left behind"

# an unknown task: exit 2, a message naming it, no file
"$bin" train --task nosuchtask -o "$tmp/x.safetensors" 2> "$tmp/err.txt"
rc=$?
[ $rc -eq 2 ] || fail "unknown task exited $rc, not 2"
grep -q "nosuchtask" "$tmp/err.txt" || fail "unknown task message: $(cat "$tmp/err.txt")"
[ -e "$tmp/x.safetensors" ] && fail "unknown task wrote a file"

# Ctrl-C (SIGINT) stops training and saves a usable model
"$bin" train --task reverse -o "$tmp/int.safetensors" --steps 1000000 --batch 8 --d-model 16 --heads 2 --d-ff 32 \
    --layers 1 --eval-every 0 > "$tmp/int.txt" 2>&1 &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || fail "interrupted train exited $rc: $(cat "$tmp/int.txt")"
grep -q "interrupted; saved" "$tmp/int.txt" || fail "no 'interrupted; saved' line: $(tail -3 "$tmp/int.txt")"
"$bin" eval --model "$tmp/int.safetensors" --n 3 > /dev/null || fail "the interrupted model does not load"

# bench --json (quick: figures are not asserted, only their presence)
"$bin" bench --json --quick > "$tmp/bench.json" || fail "bench exited $?"
has_keys "$tmp/bench.json" train_tokens_per_s decode_at_us_per_token decode_nat_us decode_at_us_per_token_base \
    decode_nat_us_base matmul_gflops || fail "bench JSON lacks keys: $(cat "$tmp/bench.json")"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all train/eval/bench CLI checks passed"
