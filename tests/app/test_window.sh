#!/usr/bin/env bash
# The real window under Xvfb, driven with real X events (xdotool), checked through its screenshots
# and the state log it writes when STEPFORMER_UI_LOG is set:
#   stepping changes the view; hovering a known cell shows the value `decode --format json` gives;
#   typing a new input re-decodes; an out-of-vocabulary key is refused with the hint.
# usage: test_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
data=$2
model=$data/reference/tiny-at.safetensors
source "$(dirname "$0")/window_lib.sh"
start_window --model "$model" --input abcdef

# 1. stepping changes the view
shot start
c0=$(field cursor)
for _ in 1 2 3 4 5 6 7; do xdotool key --window "$wid" Right; done
wait_for step = encoder.layer1.self_attn.head1.weights || true
[ "$(field step)" = "encoder.layer1.self_attn.head1.weights" ] && ok "7 x Right reaches encoder layer 1 head 1 weights (cursor $c0 -> $(field cursor))" \
    || bad "after 7 x Right the step is $(field step)"
sleep 0.3
shot stepped
n=$(differs start stepped)
[ "${n%.*}" -gt 5000 ] && ok "stepping changed $n pixels" || bad "stepping changed only $n pixels"
# the head keys (in the key map like every other key): 2 shows head 2 of the same operation, 1 returns
xdotool key --window "$wid" 2
wait_for step = encoder.layer1.self_attn.head2.weights || true
[ "$(field step)" = "encoder.layer1.self_attn.head2.weights" ] && ok "key 2 focuses head 2" || bad "after key 2 the step is $(field step)"
xdotool key --window "$wid" 1
wait_for step = encoder.layer1.self_attn.head1.weights || true
[ "$(field step)" = "encoder.layer1.self_attn.head1.weights" ] && ok "key 1 focuses head 1 again" || bad "after key 1 the step is $(field step)"
# the log names the last key and what it did (what the soak prints when Ctrl+Q does not quit)
read -r kcode _ kmods _ kact <<<"$(field key)"
[ "$kcode" = 49 ] && [ "$kmods" = 0 ] && [ "${kact:-0}" -gt 0 ] && ok "the log's last key: '1', no mods, action $kact" \
    || bad "the log's last key is \"$(field key)\", not '1' (49) with an action"

# 2. hover a known cell: row 1 (query b), column 2 (key c) of encoder layer 1 head 1 weights
read -r hx hy hw hh rows cols <<<"$(field heatmap)"
[ "$rows" = 6 ] && [ "$cols" = 6 ] && ok "heatmap is 6 x 6" || bad "heatmap is $rows x $cols"
x=$(python3 -c "print(int($hx + $hw * (2 + 0.5) / $cols))")
y=$(python3 -c "print(int($hy + $hh * (1 + 0.5) / $rows))")
xdotool mousemove --window "$wid" "$x" "$y"
wait_for mouse = "$x $y" || true # the pointer may start over another cell: wait for the move
echo "hovering ($x, $y) for cell (1, 2) of the grid at $hx,$hy size $hw x $hh"
hover=$(field hover)
want=$("$bin" decode --model "$model" --input abcdef --format json |
    python3 -c 'import json,sys; print("%.6f" % json.load(sys.stdin)["attention"]["encoder_self"][0][0][1][2])')
case "$hover" in
*"query b -> key c: $want") ok "hover shows \"$hover\" = decode --format json ($want)" ;;
*) bad "hover shows \"$hover\", decode --format json says $want" ;;
esac
shot hovered
n=$(differs stepped hovered)
[ "${n%.*}" -gt 200 ] && ok "the tooltip is drawn ($n pixels changed)" || bad "hover changed only $n pixels"

# 3. typing a new input re-decodes (Enter selects the old input; End keeps it, so typing appends)
xdotool key --window "$wid" Return
xdotool key --window "$wid" End
sleep 0.5 # (see below: text input turns on first)
xdotool type --window "$wid" --delay 60 "fed"
xdotool key --window "$wid" Return
wait_for input = abcdeffed || true
[ "$(field input)" = abcdeffed ] && ok "typed input is abcdeffed" || bad "input is $(field input)"
want=$("$bin" decode --model "$model" --input abcdeffed --format json |
    python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["output"]))')
[ "$(field output)" = "$want" ] && ok "re-decoded: output \"$want\" equals decode's" || bad "output \"$(field output)\" != decode's \"$want\""

# 4. an out-of-vocabulary key is refused with the hint
shot before_x
xdotool key --window "$wid" Return
sleep 0.5 # text input turns on (SDL) before typed text arrives as text; on a busy machine it lags
xdotool type --window "$wid" "x"
# poll rather than sleep a fixed time: on a loaded machine the frame may come late
wait_match hint "*is not in this model*" || true
sleep 0.3 # the frame that shows the hint is presented after the log is written
hint=$(field hint)
case "$hint" in
*'"x" is not in this model'*'valid: a b c d e f'*) ok "x refused: $hint" ;;
*) bad "no hint for x (hint: \"$hint\")" ;;
esac
[ "$(field input)" = abcdeffed ] && ok "input unchanged after x" || bad "input became $(field input)"
shot after_x
n=$(differs before_x after_x)
[ "${n%.*}" -gt 2000 ] && ok "the hint is visible ($n pixels changed)" || bad "hint changed only $n pixels"
xdotool key --window "$wid" Escape

# 5. the help overlay opens on F1
xdotool key --window "$wid" F1
for _ in $(seq 25); do # poll: on a loaded machine the overlay's frame may come late
    sleep 0.2
    shot help
    n=$(differs after_x help)
    [ "${n%.*}" -gt 50000 ] && break
done
[ "${n%.*}" -gt 50000 ] && ok "F1 shows the key map ($n pixels changed)" || bad "F1 changed only $n pixels"

finish
