#!/usr/bin/env bash
# The training chooser in the real window (Xvfb, xdotool), through the UI state log: Shift+T opens
# it on the loaded model's task and decoder at the size "small"; ↓ → picks NAT, ↓ ← the size "tiny";
# Esc closes it without training; Shift+T opens it again; Enter
# starts, and the window then trains the chosen configuration (reverse, NAT, tiny) with its held-out
# loss falling to under half of the untrained model's.
# usage: test_train_chooser_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
source "$(dirname "$0")/window_lib.sh"

start_window --input stepformer
xdotool key --window "$wid" shift+t
wait_grep "train_chooser task task reverse decoder at size small" && ok "Shift+T opens the chooser on reverse AT, small" ||
    bad "chooser: $(field train_chooser)"
[ -z "$(train)" ] && ok "nothing trains while choosing" || bad "training before Enter: $(train)"
xdotool key --window "$wid" Escape
wait_for train_chooser = "" || true
[ -z "$(field train_chooser)" ] && [ -z "$(train)" ] && ok "Esc closes it without training" || bad "Esc: $(field train_chooser) $(train)"
xdotool key --window "$wid" shift+t
wait_grep "train_chooser task" || bad "the chooser did not open again"
xdotool key --window "$wid" Down Right
wait_grep "train_chooser decoder task reverse decoder nat size small" && ok "↓ → chooses NAT" || bad "NAT: $(field train_chooser)"
xdotool key --window "$wid" Down Left
wait_grep "train_chooser size task reverse decoder nat size tiny" && ok "↓ ← chooses tiny: $(field train_chooser)" ||
    bad "tiny: $(field train_chooser)"
xdotool key --window "$wid" Right Right Right # round the three sizes, back to tiny
wait_grep "train_chooser size task reverse decoder nat size tiny" || bad "sizes do not wrap round: $(field train_chooser)"
xdotool key --window "$wid" Return
wait_until 30 "f['task'] == 'reverse' and f['decoder'] == 'nat' and f['size'] == 'tiny' and float(f['heldout_loss']) > 0" &&
    ok "Enter trains the choice: $(train)" || bad "not training the choice: $(train) $(cat "$work/out.txt")"
[ -z "$(field train_chooser)" ] && ok "the chooser closed" || bad "the chooser is still open"
first=$(train | sed 's/.*heldout_loss \([^ ]*\).*/\1/')
wait_until 180 "float(f['heldout_loss']) < 0.5 * $first" && ok "held-out loss fell: $first -> $(train | sed 's/.*heldout_loss \([^ ]*\).*/\1/') ($(train))" ||
    bad "held-out loss did not halve from $first: $(train)"
grep -q "^output" "$STEPFORMER_UI_LOG" && ok "the window decodes with the model training" || bad "no output line"
xdotool key --window "$wid" shift+t
wait_for train = "" || true
[ -z "$(train)" ] && ok "Shift+T while training stops it (no chooser): $(field train_chooser)" || bad "still training"
[ -z "$(field train_chooser)" ] || bad "Shift+T while training opened the chooser"

finish
