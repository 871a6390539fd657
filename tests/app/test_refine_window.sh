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
wait_grep() { # the log matches the pattern within 10 s
    for _ in $(seq 100); do grep -q -- "$1" "$STEPFORMER_UI_LOG" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

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
stop_window
finish
