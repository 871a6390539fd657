#!/usr/bin/env bash
# fuzz.sh: fuzzes every target of tests/fuzz/targets (or the ones named) for a set time each, one
# after the other (the machine may be shared). make fuzz runs it.
# usage: fuzz.sh FUZZ_BUILD_DIR SECONDS [NAME...]
# New inputs that reach new code go to FUZZ_BUILD_DIR/fuzz/NAME/corpus (the committed corpus is
# only read); a crash goes to FUZZ_BUILD_DIR/fuzz/NAME/crashes/ and fails the run. Keep it as a
# regression: cp that file tests/fuzz/CORPUS/crash-WHAT (make test replays every corpus file).
# Prints one line per target (executions, new inputs, crashes) and writes them to
# FUZZ_BUILD_DIR/fuzz/summary.txt.
set -u
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/fuzz"
: >"$build/fuzz/summary.txt"
status=0
table=$(grep -v '^#' "$here/targets") # read once: the file may be edited during a long run
while read -r name corpus dict _; do
    case "$name" in '' | '#'*) continue ;; esac
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
    work=$build/fuzz/$name
    mkdir -p "$work/corpus" "$work/crashes"
    args=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/crashes/" -timeout=20
          -rss_limit_mb=2048 -max_len=8192)
    [ "$dict" != - ] && args+=(-dict="$here/$dict")
    "$build/fuzz_$name" "${args[@]}" "$work/corpus" "$here/$corpus" >"$work/log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/log" | tail -1)
    crashes=$(find "$work/crashes" -type f | wc -l)
    line="fuzz_$name: ${seconds} s, ${execs:-?} executions, $(find "$work/corpus" -type f | wc -l) new inputs, peak RSS ${peak:-?} MB, $crashes crash(es)"
    echo "$line" | tee -a "$build/fuzz/summary.txt"
    if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        grep -m2 -E "^==.*ERROR|^SUMMARY|deadly signal" "$work/log"
        echo "fuzz_$name: see $work/log; keep each input of $work/crashes/ in tests/fuzz/$corpus/ as a regression"
        status=1
    fi
done <<<"$table"
exit $status
