#!/usr/bin/env bash
# NAT iterative refinement (Mask-Predict) in the real window (Xvfb, xdotool), through the UI state
# log: I sets 1 / 2 / 4 / 10 passes and decodes again; End goes to the last pass's generator.refine
# step, ↑ steps back pass by pass. Each pass's re-masked positions and their confidence before and
# after, as the window logs them, equal what `stepformer decode --iterations 3` prints for the same
# model and input (a separate run of the decode engine).
# usage: test_refine_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
model=$2/../../assets/models/number-words-mixed-nat-maskpredict.safetensors
source "$(dirname "$0")/window_lib.sh"

# what each pass re-masks, from the command line: "refine pass P masked POS:BEFORE>AFTER ..."
"${STEPFORMER_BIN:-$bin}" decode --model "$model" --input 7113 --iterations 3 | awk '
    /^pass [0-9]+:/ { if (line != "") print line; sub(":", "", $2); line = "refine pass " $2 " masked" }
    /^  position / { p = $2; sub(":", "", p); split($0, a, "p="); b = substr(a[2], 1, 6); c = substr(a[3], 1, 6)
                     line = line " " p ":" b ">" c }
    END { print line }' >"$work/expected.txt"
[ "$(wc -l <"$work/expected.txt")" -eq 4 ] && ok "decode --iterations 3 made 4 passes" || bad "expected: $(cat "$work/expected.txt")"

start_window --no-config --model "$model" --input 7113
[ "$(field iterations)" = 0 ] && ok "one pass to begin with" || bad "iterations $(field iterations)"
xdotool key --window "$wid" i
wait_grep "^iterations 1" && ok "I: 2 passes" || bad "I: $(field iterations)"
xdotool key --window "$wid" i
wait_grep "^iterations 3" && ok "I again: 4 passes" || bad "I again: $(field iterations)"
xdotool key --window "$wid" End
for p in 4 3 2; do
    want=$(sed -n "${p}p" "$work/expected.txt")
    wait_grep "^refine pass $p " || true
    got=$(grep "^refine pass" "$STEPFORMER_UI_LOG")
    [ "$got" = "$want" ] && ok "pass $p: $got" || bad "pass $p: window '$got', decode '$want'"
    [ "$(field step)" = generator.refine ] && [ "$(field pass)" = "$p" ] || bad "step '$(field step)' pass '$(field pass)'"
    xdotool key --window "$wid" Up
done
wait_grep "^refine pass 1 " && ok "pass 1: every position predicted: $(grep '^refine pass' "$STEPFORMER_UI_LOG")" ||
    bad "no pass 1: $(grep '^refine pass' "$STEPFORMER_UI_LOG")"
grep "^output" "$STEPFORMER_UI_LOG" | grep -q "seven thousand one hundred thirteen" && ok "output $(field output)" ||
    bad "output $(field output)"

# compare mode (C): the refinement model in a third column, decoded as decode --iterations 3 does;
# the batch (B) gives it rows for 1, 2, 4 and 10 passes, equal to eval --iterations 0, 1, 3, 9
xdotool key --window "$wid" c
wait_grep "^compare_refine passes" && ok "C: $(field compare_refine)" || bad "no refinement column"
want=$("${STEPFORMER_BIN:-$bin}" decode --model "$model" --input 7113 --iterations 3 | sed -n 's/^output: //p')
[ "$(field compare_refine | sed 's/^passes [0-9]* output //')" = "$want" ] && ok "its output is decode's: $want" ||
    bad "compare column '$(field compare_refine)', decode '$want'"
xdotool key --window "$wid" b
# the batch runs on a worker (the window keeps drawing): polled until it is done, up to 10 minutes
# (sanitized, on a loaded machine, the worker at its lower priority), then one frame's log is read
for _ in $(seq 6000); do [ "$(field compare_batch_state | cut -d' ' -f1)" = done ] && break; sleep 0.1; done
log=$(cat "$STEPFORMER_UI_LOG")
for k in 1 2 4 10; do
    got=$(grep "^compare_batch_refine $k " <<<"$log" | awk '{print $3, $4}')
    want=$("${STEPFORMER_BIN:-$bin}" eval --model "$model" --n 100 --iterations $((k - 1)) --format json |
        sed -n 's/.*"n": \([0-9]*\).*"exact_match": \([0-9.]*\).*/\1 \2/p')
    [ -n "$got" ] && [ "$got" = "$want" ] && ok "batch row, $k passes: $got" || bad "batch row $k: window '$got', eval '$want'"
done
stop_window
finish
