#!/usr/bin/env bash
# The README's keyboard map is the window's: it must equal `stepformer keys`, and the images the
# README shows must exist.
# usage: test_readme.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
want=$("$bin" keys)
got=$(sed -n '/^<!-- keys/,/^<!-- \/keys -->/p' "$root/README.md" | sed '1d;$d')
if [ "$want" = "$got" ]; then
    echo "ok: README's key map equals stepformer keys"
    pass=$((pass + 1))
else
    echo "FAIL: README's key map differs from stepformer keys:"
    diff <(echo "$want") <(echo "$got")
    fail=$((fail + 1))
fi
for img in $(grep -o 'docs/img/[A-Za-z0-9_.-]*\.png' "$root/README.md" | sort -u); do
    if [ -s "$root/$img" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL: README shows $img, which does not exist"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
