#!/usr/bin/env bash
# Captions in the real window (Xvfb, xdotool), read from the UI state log (STEPFORMER_UI_LOG): the
# window steps through a NAT decode of the shipped reverse model and the caption under the views
# says what each step does with the numbers of `stepformer decode --format json` on the same input
# (the strongest softmax weight and its key, the predicted length, the emitted token's probability);
# K hides and shows it; in Chinese the same step has its Chinese sentence.
# usage: test_caption_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$root/assets/models/reverse-nat.safetensors
source "$(dirname "$0")/window_lib.sh"
# step_to PLACE: presses → until the window's step is PLACE (each press waited for in the log)
step_to() {
    for _ in $(seq 400); do
        [ "$(field step)" = "$1" ] && return 0
        local c
        c=$(field cursor)
        xdotool key --window "$wid" Right
        wait_for cursor != "$c" || return 1
    done
    return 1
}
"$bin" decode --model "$model" --input abcde --format json >"$work/decode.json"
# expect KEY: a number or token from the decode's JSON, as the caption must show it
expect() {
    python3 - "$work/decode.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
what = sys.argv[2]
if what == "weights":  # encoder layer 1, head 1, query 1: the largest weight and its key
    row = d["attention"]["encoder_self"][0][0][0]
    k = max(range(len(row)), key=lambda j: row[j])
    print("attends %.0f %% to '%s'" % (100 * row[k], d["source"][k]))
elif what == "length":
    logits = d["length"]["logits"]
    print("predicts %d (" % max(range(len(logits)), key=lambda j: logits[j]))
elif what == "emit":
    print("position 1 takes '%s' with %.0f %%" % (d["output"][0], 100 * d["output_probs"][0]))
PY
}

start_window --no-config --model "$model" --input abcde
wait_for input = abcde || true
xdotool key --window "$wid" Home
wait_for step = encoder.embed || true
cap=$(field caption)
case "$cap" in
*"source token 'a' (position 1 of 5)"*"√64 (= 8.0)"*) ok "encoder.embed: $cap" ;;
*) bad "encoder.embed caption: '$cap'" ;;
esac

step_to encoder.layer1.self_attn.head1.weights || bad "never reached the encoder's softmax weights"
want=$(expect weights)
cap=$(field caption)
case "$cap" in
*"$want"*) ok "softmax weights, as decode --format json has them ($want): $cap" ;;
*) bad "weights caption '$cap' lacks '$want'" ;;
esac

step_to nat.length.probs || bad "never reached the length classifier"
want=$(expect length)
cap=$(field caption)
case "$cap" in
*"$want"*) ok "length classifier: $cap" ;;
*) bad "length caption '$cap' lacks '$want'" ;;
esac

xdotool key --window "$wid" k
wait_for caption = "" && ok "K hides the caption" || bad "K left the caption: $(field caption)"
xdotool key --window "$wid" k
wait_for caption != "" && ok "K again shows it" || bad "no caption after K again"

xdotool key --window "$wid" End
wait_for step = generator.probs || true
want=$(expect emit)
cap=$(field caption)
case "$cap" in
*"$want"*) ok "NAT emission: $cap" ;;
*) bad "emission caption '$cap' lacks '$want'" ;;
esac
stop_window

# the same step in Chinese
start_window --no-config --model "$model" --input abcde --lang zh
wait_for lang = zh || true
xdotool key --window "$wid" Home
wait_for step = encoder.embed || true
step_to nat.length.probs || bad "zh: never reached the length classifier"
n=$(expect length | tr -dc 0-9)
cap=$(field caption)
case "$cap" in
*"长度分类器"*"预测输出长度为 $n"*) ok "in Chinese: $cap" ;;
*) bad "Chinese caption '$cap'" ;;
esac
stop_window
finish
