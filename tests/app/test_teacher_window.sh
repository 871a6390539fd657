#!/usr/bin/env bash
# Teacher forcing in the real window (Xvfb, xdotool), checked through the UI state log
# (STEPFORMER_UI_LOG): typing a target (Shift+Enter) teacher-forces the decoder, and the strip shows
# each target token's cross-entropy and the mean, equal to PyTorch's cross_entropy on the reference
# model (tests/data/teacher_forcing/expected.json); F switches the views to inference and back;
# --target on the command line does the same.
# usage: test_teacher_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
data=$2
model=$data/reference/tiny-at.safetensors
expected=$data/teacher_forcing/expected.json
source "$(dirname "$0")/window_lib.sh"
# same_losses CASE: the log's teacher_loss and teacher_mean equal the expected case's (1e-4)
same_losses() {
    python3 - "$expected" "$1" "$(field teacher_loss)" "$(field teacher_mean)" <<'PY'
import json, sys
case = json.load(open(sys.argv[1]))["cases"][int(sys.argv[2])]
got = [float(x) for x in sys.argv[3].split()] + [float(sys.argv[4])]
want = case["per_position"] + [case["mean"]]
assert len(got) == len(want), (got, want)
worst = max(abs(a - b) for a, b in zip(got, want))
print("%.2g" % worst)
assert worst < 1e-4
PY
}
start() { start_window --model "$model" "$@"; }
stop() { stop_window; }

# 1. no target: no teacher forcing, no strip
start --input abcd
wait_for input = abcd || true
[ -z "$(field target)" ] && [ -z "$(field teacher_strip)" ] && ok "no target: no teacher-forcing strip" || bad "a strip without a target"

# 2. Shift+Enter, type the target: the loss under each token equals PyTorch's (case 0: abcd -> dcba)
xdotool key --window "$wid" shift+Return
xdotool type --window "$wid" --delay 60 dcba
xdotool key --window "$wid" Return
wait_for target = dcba || true
wait_for teacher_mode = forcing || true
if d=$(same_losses 0 2>&1); then ok "typed target dcba: the strip's losses equal PyTorch's (max |diff| $d): $(field teacher_loss) mean $(field teacher_mean)"
else bad "typed target: losses $(field teacher_loss) mean $(field teacher_mean): $d"; fi
[ "$(field teacher_strip)" = shown ] && ok "the teacher-forcing strip is drawn" || bad "no strip drawn"
[ "$(field teacher_labels)" = "d c b a <end>" ] && ok "the labels are the target + <end>" || bad "labels $(field teacher_labels)"
# teacher-forced: the output is the argmax at each of the 5 positions (one pass)
n_out=$(field output | wc -w)
[ "$n_out" = 5 ] && ok "teacher forcing decodes the 5 positions in one pass" || bad "teacher-forced output: $(field output)"

# 3. F: the views show inference (the model's own outputs), F again: teacher forcing
inf=$(field inference_output)
xdotool key --window "$wid" f
wait_for teacher_mode = inference || true
wait_for output = "$inf" || true
[ "$(field teacher_mode)" = inference ] && [ "$(field output)" = "$inf" ] &&
    ok "F: the views show inference ($inf); the strip keeps the loss" || bad "after F: mode $(field teacher_mode), output $(field output), inference $inf"
same_losses 0 >/dev/null 2>&1 && ok "the losses stay while inference is shown" || bad "losses changed with F"
xdotool key --window "$wid" f
wait_for teacher_mode = forcing || true
[ "$(field teacher_mode)" = forcing ] && ok "F again: teacher forcing" || bad "after F F: $(field teacher_mode)"

# 4. Backspace in the target box re-decodes with the shorter target (focusing the box selects its
# text, so that typing replaces it; End keeps it, and Backspace then takes the last character)
xdotool key --window "$wid" shift+Return
xdotool key --window "$wid" End
xdotool key --window "$wid" BackSpace
xdotool key --window "$wid" Return
wait_for target = dcb || true
[ "$(field teacher_labels)" = "d c b <end>" ] && ok "Backspace: target dcb, labels d c b <end>" || bad "after Backspace: $(field teacher_labels)"
stop

# 5. --target on the command line (case 1: abcd -> hgfe)
start --input abcd --target hgfe
wait_for target = hgfe || true
wait_for teacher_mode = forcing || true
if d=$(same_losses 1 2>&1); then ok "--target hgfe: losses equal PyTorch's (max |diff| $d)"; else bad "--target: $(field teacher_loss): $d"; fi
stop

finish
