#!/usr/bin/env bash
# Compare mode in the real window under Xvfb, driven with xdotool: C switches to it, the step keys
# move the shared clock, both sides render, and what the window reports (its UI log) agrees with
# `stepformer compare --format json`: outputs, decoder passes, the distilled NAT, the batch panel.
# usage: test_compare_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
models=${STEPFORMER_ASSETS:-$(cd "$2/../../assets" && pwd)}/models
source "$(dirname "$0")/window_lib.sh"
start_window --model "$models/number-words-mixed-at.safetensors" --input 105
# spread of a half of the screen: a rendered panel has text and heatmaps, a blank one has none
spread() { convert "$work/$1.png" -crop "50%x70%+$2+60" -colorspace gray -format '%[fx:standard_deviation*1000]' info: | cut -d. -f1; }
json=$("$bin" compare --task number-words-mixed --input 105 --format json)
jget() { echo "$json" | python3 -c "import json,sys; d=json.load(sys.stdin)$1; print(' '.join(d) if isinstance(d, list) else d)"; }

xdotool key --window "$wid" c
wait_for compare_tick = 0 && ok "C switches to compare mode at tick 0" || bad "no compare mode (log: $(cat "$STEPFORMER_UI_LOG"))"
sleep 0.3
import -window root "$work/t0.png"
for _ in 1 2 3 4; do xdotool key --window "$wid" Right; done
wait_for compare_tick = 4 && ok "→ moves the shared clock to tick 4" || bad "tick is $(field compare_tick)"
sleep 0.3
import -window root "$work/t4.png"
l=$(spread t4 0)
r=$(spread t4 800)
[ "$l" -gt 40 ] && [ "$r" -gt 40 ] && ok "both sides render (spread $l and $r)" || bad "a side looks blank (spread $l, $r)"
n=$(compare -metric AE "$work/t0.png" "$work/t4.png" null: 2>&1 | cut -d' ' -f1 | xargs printf '%.0f')
[ "$n" -gt 5000 ] && ok "stepping the clock changes both sides ($n pixels)" || bad "stepping changed $n pixels"

read -r _ at_passes _ _ _ at_out <<<"$(field compare_at)"
read -r _ nat_passes _ _ _ nat_out <<<"$(field compare_nat)"
[ "$at_passes" = "$(jget '["at"]["passes"]')" ] && [ "$at_out" = "$(jget '["at"]["output"]')" ] &&
    ok "AT tally agrees with compare --format json ($at_passes passes: $at_out)" || bad "AT: window $at_passes \"$at_out\", json $(jget '["at"]')"
[ "$nat_passes" = "$(jget '["nat"]["passes"]')" ] && [ "$nat_out" = "$(jget '["nat"]["output"]')" ] &&
    ok "NAT tally agrees with compare --format json ($nat_passes pass: $nat_out)" || bad "NAT: window $nat_passes \"$nat_out\", json $(jget '["nat"]')"

xdotool key --window "$wid" d
sleep 0.4
read -r _ _ _ _ _ dis_out <<<"$(field compare_nat)"
[ "$dis_out" = "$(jget '["nat_distilled"]["output"]')" ] && ok "D shows the distilled NAT: $dis_out" || bad "distilled: window \"$dis_out\", json $(jget '["nat_distilled"]')"

xdotool key --window "$wid" n # batch size 100 -> 500 -> 20
xdotool key --window "$wid" n
xdotool key --window "$wid" b
# the batch runs on a worker: polled until it is done (minutes sanitized on a busy host)
for _ in $(seq 3000); do [ "$(field compare_batch_state | cut -d' ' -f1)" = done ] && break; sleep 0.1; done
read -r bn bat bnat <<<"$(field compare_batch)"
batch=$("$bin" compare --task number-words-mixed --n 20 --format json)
want=$(echo "$batch" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['at']['n'], '%.4f' % d['at']['exact_match'], '%.4f' % d['nat']['exact_match'])")
[ "$bn $bat $bnat" = "$want" ] && ok "batch panel agrees with compare --n 20 ($want)" || bad "batch: window \"$bn $bat $bnat\", cli \"$want\""
xdotool key --window "$wid" c
for _ in $(seq 100); do [ "$(field compare_tick)" = "" ] && break; sleep 0.1; done
[ "$(field compare_tick)" = "" ] && ok "C leaves compare mode" || bad "still in compare mode"
finish
