#!/usr/bin/env bash
# The teacher's fixes (issue 11 part 4) in the real window (Xvfb, xdotool, no window manager), checked
# through the UI state log (STEPFORMER_UI_LOG) and the X server's geometry:
#  - the input box: Enter selects the old input and typing replaces it; → keeps it and typing
#    appends; Ctrl+A then Backspace, Ctrl+U and a click on × empty it;
#  - F11 covers the screen without a window manager, and F11 again gives the window back its size
#    and place;
#  - compare mode (C) after L opens with the NAT length from the classifier and says so.
# usage: test_fixes_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
data=$2
source "$(dirname "$0")/window_lib.sh"

# 1. the input box
start_window --no-config --input abc --size 1280x720
wait_for input = abc || true
key Return
wait_for selected = 1 && ok "Enter selects the old input" || bad "Enter: selected=$(field selected)"
xdotool type --window "$wid" --delay 80 cb
wait_for input = cb && ok "typing replaces the old input (abc -> cb)" || bad "typed cb after Enter: input '$(field input)'"
key Return
key Return
wait_for selected = 1 || true
key Right
wait_for selected = 0 || true
xdotool type --window "$wid" --delay 80 a
wait_for input = cba && ok "→ keeps the old input: typing appends (cb -> cba)" || bad "→ then a: input '$(field input)'"
key ctrl+a
wait_for selected = 1 || true
key BackSpace
wait_for input = "" && ok "Ctrl+A, Backspace: the box is empty" || bad "Ctrl+A Backspace: input '$(field input)'"
xdotool type --window "$wid" --delay 80 abcd
wait_for input = abcd || true
key ctrl+u
wait_for input = "" && ok "Ctrl+U empties the box" || bad "Ctrl+U: input '$(field input)'"
xdotool type --window "$wid" --delay 80 ab
key Escape
wait_for input = ab || true
read -r cx cy <<<"$(field clear_input)"
if [ -n "${cx:-}" ]; then
    xdotool mousemove --window "$wid" "$cx" "$cy" click 1
    wait_for input = "" && ok "a click on × empties the box" || bad "× at $cx,$cy: input '$(field input)'"
else
    bad "no × in the input box: $(grep clear_ "$STEPFORMER_UI_LOG")"
fi

# 2. F11 without a window manager
geometry() { xdotool getwindowgeometry "$wid" | sed -n 's/.*Geometry: //p'; }
position() { xdotool getwindowgeometry "$wid" | sed -n 's/.*Position: \([0-9]*,[0-9]*\).*/\1/p'; }
g0=$(geometry) p0=$(position)
key F11
wait_for fullscreen = 1 || true
for _ in $(seq 50); do [ "$(geometry)" = 1600x900 ] && break; sleep 0.1; done
[ "$(geometry)" = 1600x900 ] && [ "$(position)" = 0,0 ] && ok "F11: the window covers the screen ($g0 -> $(geometry) at $(position))" \
    || bad "F11: the window is $(geometry) at $(position) (want 1600x900 at 0,0)"
wait_for window = 1600x900 && ok "the window draws at the screen's size" || bad "the UI log says window $(field window)"
key F11
wait_for fullscreen = 0 || true
for _ in $(seq 50); do [ "$(geometry)" = "$g0" ] && break; sleep 0.1; done
[ "$(geometry)" = "$g0" ] && [ "$(position)" = "$p0" ] && ok "F11 again: back to $g0 at $p0" \
    || bad "F11 again: $(geometry) at $(position) (want $g0 at $p0)"
stop_window

# 3. compare mode after L: the classifier, said
start_window --no-config --model "$data/../../assets/models/reverse-nat.safetensors" --input abcd
wait_for input = abcd || true
key l
wait_for nat_length = end && ok "L: NAT length cut at <end>" || bad "L: nat_length $(field nat_length)"
key c
wait_for nat_length = classifier && ok "C: compare opens with the classifier's length" || bad "C: nat_length $(field nat_length)"
case "$(field hint)" in
*classifier*) ok "and says so: $(field hint)" ;;
*) bad "no hint naming the length mode: '$(field hint)'" ;;
esac
[ -n "$(field compare_nat)" ] && ok "compare mode is on" || bad "compare mode did not open"
stop_window
finish
