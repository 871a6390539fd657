#!/usr/bin/env bash
# `stepformer compare` on the shipped number-words-mixed models: JSON shape, the three models, the
# held-out figures with --n, and errors.
# usage: test_compare_cli.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
TMPDIR=$(mktemp -d); trap 'rm -rf "$TMPDIR"' EXIT
bin=$1
pass=0
fail=0
check() { if eval "$2"; then echo "ok: $1"; pass=$((pass + 1)); else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
json=$("$bin" compare --task number-words-mixed --input 105 --format json)
check "compare --format json exits 0" '[ $? -eq 0 ]'
check "JSON has at, nat, nat_distilled with output, passes, us" 'echo "$json" | python3 -c "
import json, sys
d = json.load(sys.stdin)
for k in (\"at\", \"nat\", \"nat_distilled\"):
    assert set(d[k]) >= {\"output\", \"passes\", \"us\"}, k
    assert d[k][\"us\"] > 0
assert d[\"nat\"][\"passes\"] == 1 and d[\"nat_distilled\"][\"passes\"] == 1
assert d[\"at\"][\"passes\"] == len(d[\"at\"][\"output\"]), d[\"at\"]
"'
check "AT's output for 105 is a right answer" 'echo "$json" | python3 -c "
import json, sys
out = \" \".join(t for t in json.load(sys.stdin)[\"at\"][\"output\"] if t != \"<end>\")
assert out in (\"one hundred five\", \"one hundred and five\"), out
"'
batch=$("$bin" compare --task number-words-mixed --n 60 --format json)
check "--n adds the held-out figures, and the distilled NAT beats the plain one" 'echo "$batch" | python3 -c "
import json, sys
d = json.load(sys.stdin)
for k in (\"at\", \"nat\", \"nat_distilled\"):
    assert set(d[k]) >= {\"exact_match\", \"repeat_rate\", \"length_error_rate\", \"total_us\"}, k
    assert d[k][\"n\"] == 60
assert d[\"at\"][\"exact_match\"] >= 0.99
assert d[\"nat_distilled\"][\"exact_match\"] > d[\"nat\"][\"exact_match\"], d
"'
text=$("$bin" compare --task reverse --input stepformer)
check "text format names both models and the speed-up" 'echo "$text" | grep -q "^at .*remrofpets" && echo "$text" | grep -q "faster than AT"'
"$bin" compare --task nonsense >/dev/null 2>"$TMPDIR/err" ; rc=$?
check "an unknown task exits 2 naming it" '[ $rc -eq 2 ] && grep -q nonsense "$TMPDIR/err"'
"$bin" compare --task reverse --input "ABC" >/dev/null 2>"$TMPDIR/err"; rc=$?
check "an input outside the vocabulary exits 2" '[ $rc -eq 2 ] && grep -q "not in the vocabulary" "$TMPDIR/err"'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
