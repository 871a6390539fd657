#!/usr/bin/env bash
# Presenter mode in the real window (Xvfb at 1920x1080, xdotool), through the UI state log and
# screenshots: --present opens it; Page Down alone goes through a whole decode, a class's step at a
# time (far fewer presses than operations); the spotlight tints a disc around the pointer and H
# turns it off; B blacks the screen and W whitens it, any key brings the views back; F5 leaves.
# usage: test_present_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
window_screen=1920x1080 # a private X server the size of a projector's screen
source "$(dirname "$0")/window_lib.sh"
mean() { convert "$work/$1.png" ${2:+-crop $2} -colorspace Gray -format "%[fx:mean]" info:; } # 0 black .. 1 white
cmp_lt() { python3 -c "import sys; sys.exit(0 if float('$1') < float('$2') else 1)"; }

"$bin" --present --size 1920x1080 --input stepformer >"$work/out.txt" 2>&1 &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name Stepformer | head -1)
[ -n "$wid" ] || { echo "FAIL: no window"; cat "$work/out.txt"; exit 1; }
wait_grep "^present spotlight 1 blank none" && ok "--present: presenter mode, spotlight on" || bad "no presenter mode: $(cat "$STEPFORMER_UI_LOG")"
xdotool mousemove 960 540
shot start
[ "$(identify -format %wx%h "$work/start.png")" = 1920x1080 ] && ok "a 1920x1080 screen" || bad "screen $(identify -format %wx%h "$work/start.png")"

# Page Down only, through the whole decode: each press moves the cursor; the end is reached
presses=0
while ! grep -q "^present .* last 1" "$STEPFORMER_UI_LOG" && [ $presses -lt 400 ]; do
    before=$(field cursor)
    xdotool key --window "$wid" Next
    presses=$((presses + 1))
    for _ in $(seq 50); do [ "$(field cursor)" != "$before" ] && break; sleep 0.05; done
    [ "$(field cursor)" != "$before" ] || { bad "Page Down $presses did not move the cursor from $before"; break; }
done
last=$(field cursor)
grep -q "^present .* last 1" "$STEPFORMER_UI_LOG" && ok "Page Down alone reached the decode's end in $presses presses (step $last: $(field step))" ||
    bad "not at the end after $presses presses (cursor $last)"
[ "$presses" -ge 10 ] && [ $((presses * 10)) -lt "$last" ] && ok "a class's steps: $presses presses for $((last + 1)) operations" ||
    bad "$presses presses for $((last + 1)) operations"
[ "$(field output)" = "r e m r o f p e t s <end>" ] && ok "the output: $(field output)" || bad "output '$(field output)'"
shot end

# the spotlight: the pointer's disc is tinted while it is on, not once H turns it off; the corner never
xdotool mousemove 960 540
sleep 0.3
shot spot_on
xdotool key --window "$wid" h
wait_grep "^present spotlight 0" && ok "H: spotlight off" || bad "H did nothing: $(field present)"
sleep 0.3
shot spot_off
disc_on=$(mean spot_on 60x60+930+510) disc_off=$(mean spot_off 60x60+930+510)
python3 -c "import sys; sys.exit(0 if abs($disc_on - $disc_off) > 0.02 else 1)" && ok "the spotlight tints the pointer's disc ($disc_on against $disc_off)" ||
    bad "the pointer's disc: $disc_on with, $disc_off without"
on=$(mean spot_on 300x150+1600+920) off=$(mean spot_off 300x150+1600+920)
python3 -c "import sys; sys.exit(0 if abs($on - $off) < 0.005 else 1)" && ok "and nothing far from it ($on, $off)" || bad "the corner changed: $on against $off"
xdotool key --window "$wid" h
wait_grep "^present spotlight 1" && ok "H again: spotlight on" || bad "H again did nothing"

# black and white screens
xdotool key --window "$wid" b
wait_grep "blank black" && sleep 0.3 && shot black
cmp_lt "$(mean black)" 0.01 && ok "B: a black screen ($(mean black))" || bad "B: screen mean $(mean black)"
xdotool key --window "$wid" b
wait_grep "blank none" && ok "B again: the views are back" || bad "still blank: $(field present)"
xdotool key --window "$wid" w
wait_grep "blank white" && sleep 0.3 && shot white
cmp_lt 0.99 "$(mean white)" && ok "W: a white screen ($(mean white))" || bad "W: screen mean $(mean white)"
cursor=$(field cursor)
xdotool key --window "$wid" Prior
wait_grep "blank none" && [ "$(field cursor)" = "$cursor" ] && ok "any key (Page Up) brings the views back, and only that" ||
    bad "after Page Up on white: $(field present), cursor $(field cursor) (was $cursor)"
xdotool key --window "$wid" Prior
for _ in $(seq 50); do [ "$(field cursor)" != "$cursor" ] && break; sleep 0.1; done
[ "$(field cursor)" -lt "$cursor" ] && ok "Page Up steps back ($cursor -> $(field cursor))" || bad "Page Up: cursor $(field cursor)"

xdotool key --window "$wid" F5
for _ in $(seq 50); do grep -q "^present" "$STEPFORMER_UI_LOG" || break; sleep 0.1; done
grep -q "^present" "$STEPFORMER_UI_LOG" && bad "F5 did not leave presenter mode" || ok "F5 leaves presenter mode"
stop_window
finish
