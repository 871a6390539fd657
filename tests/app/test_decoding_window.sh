#!/usr/bin/env bash
# The real window under Xvfb (xdotool events), checked through the UI state log (STEPFORMER_UI_LOG)
# and its screenshots: the beam search tree (W, Shift+W, stepping, clicking a hypothesis, E), and switching a head off and on again, by its key (X on the focused head) and by
# Ctrl+click on its thumbnail; the decode re-runs, its output equals `decode --ablate`, the tokens
# that changed are marked; sampling (S) repeats `decode --sample` with the same seed.
# usage: test_decoding_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
data=$2
model=$data/../../assets/models/number-words-at.safetensors
wait_secs=15 # each wait on the UI log: a beam search on a loaded machine takes a while
source "$(dirname "$0")/window_lib.sh" # screenshots stay in $STEPFORMER_SHOTS when that is set
start_window --model "$model" --input 905 --export-dir "$work" --temperature 10 --top-k 3 --seed 7
settled_shot() { sleep 0.3; shot "$1"; } # the frame is presented a moment after the log is written
# Ctrl+click at x y. The window reads the modifiers when it handles the click, so each event gets
# its own moment (on a loaded machine all three could otherwise be handled after the key is up).
ctrl_click() {
    xdotool mousemove --window "$wid" "$1" "$2"
    sleep 0.3
    xdotool keydown ctrl
    sleep 0.4
    xdotool click 1
    sleep 0.4
    xdotool keyup ctrl
}
decoded() { # the output tokens as the log lists them (<end> included)
    "$bin" decode --model "$model" --input 905 --format json "$@" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["output"]))'
}

wait_for output = "nine hundred five <end>" || true
[ "$(field output)" = "nine hundred five <end>" ] && ok "decoded 905: nine hundred five" || bad "output is \"$(field output)\""
settled_shot start

# 1. X switches the focused head off: focus decoder layer 1 cross-attention (Shift+Right moves by sublayer)
for _ in $(seq 40); do # one key at a time: wait for the window to move before the next
    case "$(field step)" in decoder.layer1.cross_attn.*) break ;; esac
    before=$(field cursor)
    xdotool key --window "$wid" shift+Right
    for _ in $(seq 100); do [ "$(field cursor)" != "$before" ] && break; sleep 0.05; done
done
case "$(field step)" in decoder.layer1.cross_attn.*) ok "focused $(field step)" ;; *) bad "could not reach decoder layer 1 cross-attention (at $(field step))" ;; esac
xdotool key --window "$wid" x
wait_for ablate = cross:1.1 || true
want=$(decoded --ablate cross:1.1)
[ "$(field ablate)" = cross:1.1 ] && ok "X switched cross:1.1 off" || bad "after X the log says ablate \"$(field ablate)\""
[ "$(field output)" = "$want" ] && ok "re-decoded: \"$want\" equals decode --ablate cross:1.1" || bad "output \"$(field output)\" != decode --ablate's \"$want\""
[ "$(field before)" = "nine hundred five <end>" ] && ok "the output before is kept to mark changes" || bad "before is \"$(field before)\""
settled_shot off
n=$(differs start off)
[ "${n%.*}" -gt 5000 ] && ok "switching the head off changed $n pixels" || bad "switching off changed only $n pixels"

# 2. Ctrl+click its thumbnail in the all-heads grid switches it back on
read -r kind layer head tx ty tw th <<<"$(grep '^thumb cross 1 1 ' "$STEPFORMER_UI_LOG" | head -1 | cut -d' ' -f2-)"
if [ -n "${tx:-}" ]; then
    x=$(python3 -c "print(int($tx + $tw / 2))")
    y=$(python3 -c "print(int($ty + $th / 2))")
    ctrl_click "$x" "$y"
    wait_for ablate = "" || true
    [ -z "$(field ablate)" ] && ok "Ctrl+click on the cross:1.1 thumbnail switched it back on" || bad "after Ctrl+click ablate is \"$(field ablate)\""
    [ "$(field output)" = "nine hundred five <end>" ] && ok "back to nine hundred five" || bad "output \"$(field output)\""
    # and another head, which this input does not need
    read -r kind layer head tx ty tw th <<<"$(grep '^thumb cross 2 3 ' "$STEPFORMER_UI_LOG" | head -1 | cut -d' ' -f2-)"
    ctrl_click "$(python3 -c "print(int($tx + $tw / 2))")" "$(python3 -c "print(int($ty + $th / 2))")"
    wait_for ablate = cross:2.3 || true
    want=$(decoded --ablate cross:2.3)
    [ "$(field ablate)" = cross:2.3 ] && [ "$(field output)" = "$want" ] && ok "Ctrl+click switched cross:2.3 off: \"$want\" as decode says" ||
        bad "Ctrl+click on cross:2.3: ablate \"$(field ablate)\", output \"$(field output)\", decode says \"$want\""
    settled_shot off2
else
    bad "no thumbnail cross 1 1 in the UI log"
fi

# 3. S samples with the window's --temperature/--top-k/--seed: the same output as decode --sample
xdotool key --window "$wid" x # (focus is still cross:1.1: switch it off and on, leaving cross:2.3 off)
xdotool key --window "$wid" x
sleep 0.3
xdotool key --window "$wid" r
wait_for sampling = "1 10 3 1 7" || true
want=$(decoded --ablate cross:2.3 --sample --temperature 10 --top-k 3 --seed 7)
[ "$(field sampling)" = "1 10 3 1 7" ] && [ "$(field output)" = "$want" ] && ok "R samples: \"$want\" as decode --sample says" ||
    bad "after R: sampling \"$(field sampling)\", output \"$(field output)\", decode --sample says \"$want\""
xdotool key --window "$wid" ctrl+r
wait_for sampling = "1 10 3 1 8" || true
want=$(decoded --ablate cross:2.3 --sample --temperature 10 --top-k 3 --seed 8)
[ "$(field output)" = "$want" ] && ok "Ctrl+R: seed 8, \"$want\" as decode says" || bad "after Ctrl+R: \"$(field output)\", decode says \"$want\""
settled_shot sampled

# 4. the beam search tree: W opens it (width 3), its winner is decode --beam 3's output
xdotool key --window "$wid" r # back to greedy: beam search does not sample
sleep 0.3
xdotool key --window "$wid" w
wait_match beam "3 step*" || true
want=$(decoded --ablate cross:2.3 --beam 3)
[ "$(field beam_winner)" = "$want" ] && [ "$(field output)" = "$want" ] && ok "W: beam width 3, winner \"$want\" as decode --beam 3 says ($(field beam))" ||
    bad "W: beam \"$(field beam)\", winner \"$(field beam_winner)\", output \"$(field output)\", decode --beam 3 says \"$want\""
[ "$(field beam_selected)" = "$want" ] && ok "the winner is selected" || bad "selected \"$(field beam_selected)\""
settled_shot beam
n=$(differs sampled beam)
[ "${n%.*}" -gt 20000 ] && ok "the tree is drawn ($n pixels changed)" || bad "the beam view changed only $n pixels"
# clicking a pruned-or-kept hypothesis of step 2 selects it
read -r node step bx by bw bh <<<"$(grep '^beam_node ' "$STEPFORMER_UI_LOG" | awk '$3 == 2' | sed -n 2p | cut -d' ' -f2-)"
if [ -n "${bx:-}" ]; then
    xdotool mousemove --window "$wid" "$(python3 -c "print(int($bx + $bw / 2))")" "$(python3 -c "print(int($by + $bh / 2))")" click 1
    for _ in $(seq 150); do [ "$(field beam_selected | wc -w)" = 2 ] && break; sleep 0.1; done
    sel=$(field beam_selected)
    want=$("$bin" decode --model "$model" --input 905 --ablate cross:2.3 --beam 3 --format json |
        python3 -c "import json,sys; print(' '.join(json.load(sys.stdin)['beam'][1]['hypotheses'][1]['tokens']))")
    [ "$sel" = "$want" ] && ok "clicking step 2's second hypothesis selects \"$sel\" (the JSON tree's too)" || bad "selected \"$sel\", the JSON tree's is \"$want\""
    settled_shot beam_selected
    n=$(differs beam beam_selected)
    [ "${n%.*}" -gt 500 ] && ok "its cross-attention and distribution are drawn ($n pixels changed)" || bad "selecting changed only $n pixels"
else
    bad "no beam_node of step 2 in the UI log"
fi
# stepping moves through the search; Shift+W widens it
xdotool key --window "$wid" Up Up
wait_match beam "3 step 2 of*" || true
case "$(field beam)" in "3 step 2 of"*) ok "↑ ↑ steps back to step 2" ;; *) bad "after ↑ ↑: beam \"$(field beam)\"" ;; esac
xdotool key --window "$wid" shift+w
wait_match beam "4*" || true
want=$(decoded --ablate cross:2.3 --beam 4)
case "$(field beam)" in 4*) [ "$(field beam_winner)" = "$want" ] && ok "Shift+W: width 4, winner as decode --beam 4" || bad "width 4 winner \"$(field beam_winner)\" != \"$want\"" ;;
*) bad "Shift+W: beam \"$(field beam)\"" ;; esac
# the width control's − button narrows it again, as a click in the window
read -r _ bx by bw bh <<<"$(grep '^beam_button narrower ' "$STEPFORMER_UI_LOG" | cut -d' ' -f2-)"
if [ -n "${bx:-}" ]; then
    xdotool mousemove --window "$wid" "$(python3 -c "print(int($bx + $bw / 2))")" "$(python3 -c "print(int($by + $bh / 2))")" click 1
    wait_match beam "3*" || true
    want=$(decoded --ablate cross:2.3 --beam 3)
    case "$(field beam)" in 3*) [ "$(field beam_winner)" = "$want" ] && ok "the − button: width 3 again, winner as decode --beam 3" || bad "after −: winner \"$(field beam_winner)\" != \"$want\"" ;;
    *) bad "the − button: beam \"$(field beam)\"" ;; esac
else
    bad "no beam_button narrower in the UI log"
fi
# E exports the tree as PNG and SVG
xdotool key --window "$wid" e
wait_for export != "" || true
png=$(field export)
[ -s "$png" ] && [ -s "${png%.png}.svg" ] && grep -q "<svg" "${png%.png}.svg" && ok "E exported $(basename "$png") and its SVG" || bad "E exported \"$png\""
[ -n "${STEPFORMER_SHOTS:-}" ] && [ -s "$png" ] && cp "$png" "$STEPFORMER_SHOTS/"

finish
