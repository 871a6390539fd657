# common.sh: sourced by the tests in tests/install: a scratch folder $work removed at exit (after
# running the command in $on_exit, e.g. stopping a window), ok/bad counters and the closing tally.
set -u
work=$(mktemp -d)
on_exit=:
trap 'eval "$on_exit"; rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
# Prints the tally; the test's exit status is whether nothing failed.
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
