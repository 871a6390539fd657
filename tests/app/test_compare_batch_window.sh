#!/usr/bin/env bash
# Compare mode's batch (B) in the real window under Xvfb: it runs on a worker, so while it runs the
# window answers keys (→ steps the shared clock, Esc cancels the batch) and its UI log says how far it
# is (compare_batch_state PHASE ROW ROWS DONE N); a run of 20 inputs fills the panel with the figures
# of `stepformer compare --n 20`; a lesson slide's batch runs there too. Everything is polled from the UI log, never one fixed sleep.
# usage: test_compare_batch_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
models=${STEPFORMER_ASSETS:-$(cd "$2/../../assets" && pwd)}/models
. "$(dirname "$0")/window_lib.sh"
phase() { field compare_batch_state | cut -d' ' -f1; }
wait_phase() { # wait_phase PHASE SECONDS: polls the batch's phase
    for _ in $(seq $(($2 * 10))); do
        [ "$(phase)" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

start_window --model "$models/number-words-mixed-at.safetensors" --input 105
xdotool key --window "$wid" c
wait_for compare_tick = 0 && ok "C switches to compare mode" || bad "no compare mode (log: $(cat "$STEPFORMER_UI_LOG"))"
[ "$(phase)" = idle ] && ok "no batch yet: idle" || bad "batch phase $(phase)"

# 500 inputs through 7 rows (AT, NAT, distilled, refinement at 1, 2, 4, 10 passes): seconds, even unsanitized
xdotool key --window "$wid" n # batch size 100 -> 500
xdotool key --window "$wid" b
wait_phase running 20 && ok "B starts the batch: $(field compare_batch_state)" || bad "batch phase $(phase), not running"
xdotool key --window "$wid" Right # answered while the batch runs: the window's loop is not held
for _ in $(seq 100); do
    snap=$(cat "$STEPFORMER_UI_LOG" 2>/dev/null) # one frame's log: the tick and the phase together
    [ "$(sed -n 's/^compare_tick //p' <<<"$snap")" = 1 ] && break
    sleep 0.1
done
tick=$(sed -n 's/^compare_tick //p' <<<"$snap")
state=$(sed -n 's/^compare_batch_state //p' <<<"$snap")
[ "$tick" = 1 ] && [ "${state%% *}" = running ] && ok "→ steps the clock while the batch runs ($state)" ||
    bad "tick $tick, batch \"$state\""
read -r _ row rows done n <<<"$state"
[ "$rows" = 7 ] && [ "$n" = 500 ] && ok "the log counts the batch's rows and inputs (row $row of $rows, $done of $n)" ||
    bad "batch state \"$state\""
import -window root "$work/running.png"
xdotool key --window "$wid" Escape
wait_phase cancelled 30 && ok "Esc cancels the running batch" || bad "batch phase $(phase) after Esc"
[ "$(field compare_batch)" = "" ] && ok "a cancelled batch shows no figures" || bad "figures after cancel: $(field compare_batch)"

xdotool key --window "$wid" n # 500 -> 20
xdotool key --window "$wid" b
wait_phase done 300 && ok "a batch of 20 finishes: $(field compare_batch_state)" || bad "batch phase $(phase)"
read -r bn bat bnat <<<"$(field compare_batch)"
want=$("$bin" compare --task number-words-mixed --n 20 --format json |
    python3 -c "import json,sys; d=json.load(sys.stdin); print(d['at']['n'], '%.4f' % d['at']['exact_match'], '%.4f' % d['nat']['exact_match'])")
[ "$bn $bat $bnat" = "$want" ] && ok "the panel agrees with compare --n 20 ($want)" || bad "batch: window \"$bn $bat $bnat\", cli \"$want\""
[ "$(field compare_batch_refine | head -1 | cut -d' ' -f1-2)" = "1 20" ] && ok "the refinement rows ran too" ||
    bad "refinement rows: $(field compare_batch_refine)"

xdotool key --window "$wid" n # 20 -> 100
xdotool key --window "$wid" n # 100 -> 500
xdotool key --window "$wid" b
wait_phase running 20 || bad "the third batch did not start"
xdotool key --window "$wid" c # leaving compare mode stops it (the sanitized run checks nothing leaks)
for _ in $(seq 100); do [ "$(field compare_tick)" = "" ] && break; sleep 0.1; done
[ "$(field compare_tick)" = "" ] && ok "C leaves compare mode while the batch runs" || bad "still in compare mode"
xdotool key --window "$wid" c
wait_for compare_tick = 0 && [ "$(phase)" = idle ] && ok "compare mode again: no batch running" || bad "phase $(phase)"
kill -0 "$pid" && ok "the window is still running" || bad "the window ended"
stop_window

# a lesson slide's batch (200 inputs) runs on the worker too, and fills the panel
start_window --lesson at-vs-nat --slide 5
wait_phase done 600 && [ "$(field compare_batch | cut -d' ' -f1)" = 200 ] &&
    ok "a lesson slide's batch of 200 runs and fills the panel ($(field compare_batch))" ||
    bad "lesson batch: $(field compare_batch_state) / $(field compare_batch)"
finish
