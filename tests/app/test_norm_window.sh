#!/usr/bin/env bash
# LayerNorm against BatchNorm in the real window (Xvfb, xdotool), through the UI state log:
# Shift+B opens the view at the cursor's Add & Norm; S swaps the batch's last sentence and the
# window reports that sentence 1's LayerNorm output did not move while its BatchNorm output did;
# Shift+S shrinks the batch; hovering a cell of the batch shows its number.
# usage: test_norm_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
source "$(dirname "$0")/window_lib.sh"
norm_field() { field norm | sed -n "s/.*$1 \([-0-9.]*\).*/\1/p"; }

start_window --input stepformer
xdotool key --window "$wid" shift+b
wait_grep "^norm encoder layer 1 · self-attention · batch 4" && ok "Shift+B: $(field norm)" || bad "no view: $(field norm)"
xdotool key --window "$wid" s
wait_grep "moved_ln 0.000000 moved_bn" || true
ln=$(norm_field moved_ln)
bn=$(norm_field moved_bn)
[ "$ln" = 0.000000 ] && ok "S: sentence 1's LayerNorm output did not move" || bad "LayerNorm moved $ln"
python3 -c "import sys; sys.exit(0 if float('$bn') > 0.01 else 1)" 2>/dev/null && ok "S: its BatchNorm output moved by $bn" ||
    bad "BatchNorm moved '$bn'"
xdotool key --window "$wid" shift+s
wait_grep "batch 2 · moved_ln 0.000000" && ok "Shift+S: a batch of 2, LayerNorm unmoved, BatchNorm moved $(norm_field moved_bn)" ||
    bad "Shift+S: $(field norm)"
# hover the first sentence's block: the tooltip names a feature and its value
xdotool mousemove --window "$wid" 520 200
wait_grep "^hover sentence 1" && ok "hover: $(field hover)" || bad "hover shows '$(field hover)'"
xdotool key --window "$wid" shift+b
for _ in $(seq 50); do [ -z "$(field norm)" ] && break; sleep 0.1; done
[ -z "$(field norm)" ] && ok "Shift+B again closes the view" || bad "still open"

finish
