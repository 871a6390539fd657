#!/usr/bin/env bash
# A lesson in the real window under Xvfb, as a teacher would play it: Ctrl+L opens the picker (it
# lists the fixture lessons, the broken one too), a click opens a lesson, and Page Down alone walks
# it, each slide putting the window in the state its header says (read back from the UI state log,
# STEPFORMER_UI_LOG); stepping away with the arrow keys and paging back restores the slide; the
# lesson button in the header opens the picker too. Screenshots of each slide stay in
# $STEPFORMER_SHOTS when that is set (to look at them).
# usage: test_lesson_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
data=$2
source "$(dirname "$0")/window_lib.sh"
export STEPFORMER_LESSONS=$data/lessons LANG=en_US.UTF-8 LANGUAGE=
start_window

# 1. the picker: Ctrl+L, listing the three fixture lessons
xdotool key --window "$wid" ctrl+l
wait_match lesson_picker "1 3" && ok "Ctrl+L opens the picker with 3 lessons" || bad "picker: $(field lesson_picker)"
shot picker
# its first row (the picker is centred, 8 % down, rows of 2 x 19 px): the reverse lesson
xdotool mousemove --window "$wid" 800 129 click 1
wait_match lesson "*01-reverse.md slide 1 of 4 *" && ok "clicking the first lesson opens it at slide 1" || bad "lesson: $(field lesson)"
[ "$(field lesson_picker | cut -d' ' -f1)" = 0 ] && ok "the picker closed" || bad "the picker is still open"

# 2. Page Down only: each slide's state, as its header says
check_slide() { # $1 slide, $2 step, $3 pass (or "-"), $4 input
    wait_match lesson "*slide $1 of 4 overflow 0" || { bad "slide $1: lesson $(field lesson)"; return; }
    wait_match step "$2" || true
    local p
    p=$(field pass)
    if [ "$(field step)" = "$2" ] && { [ "$3" = - ] || [ "$p" = "$3" ]; } && [ "$(field input)" = "$4" ]; then
        ok "slide $1: $2 pass $p input $4, text fits"
    else
        bad "slide $1: step $(field step) pass $p input $(field input)"
    fi
    shot "slide$1"
}
check_slide 1 encoder.embed - abcde
xdotool key --window "$wid" Next
check_slide 2 decoder.layer1.cross_attn.head1.weights 1 abcde
c2=$(field cursor)
# exploring: the arrows move the cursor; Page Up then Page Down restores slide 2 exactly
for _ in 1 2 3 4 5; do xdotool key --window "$wid" Right; done
wait_for cursor != "$c2" || true
[ "$(field cursor)" != "$c2" ] && ok "the arrow keys still step within a slide" || bad "Right did not move the cursor"
xdotool key --window "$wid" Prior
check_slide 1 encoder.embed - abcde
xdotool key --window "$wid" Next
check_slide 2 decoder.layer1.cross_attn.head1.weights 1 abcde
[ "$(field cursor)" = "$c2" ] && ok "paging back restores the slide's place (cursor $c2)" || bad "cursor $(field cursor), not $c2"
xdotool key --window "$wid" Next
check_slide 3 decoder.layer1.cross_attn.head1.weights 3 abcde
xdotool key --window "$wid" Next
wait_match lesson "*slide 4 of 4*" || true
wait_match output "*" || true
[ "$(field output | wc -w)" -ge 5 ] && ok "slide 4: the NAT model's output $(field output)" || bad "slide 4 output: $(field output)"
shot slide4
xdotool key --window "$wid" Next
wait_match hint "*last slide*" || true
case "$(field hint)" in *"last slide"*) ok "Page Down on the last slide says so" ;; *) bad "hint: $(field hint)" ;; esac

# 3. the header's lesson button opens the picker too; Esc closes it
xdotool key --window "$wid" Escape
sleep 0.2
read -r bx by <<<"$(field lesson_button)"
xdotool mousemove --window "$wid" "$bx" "$by" click 1
wait_match lesson_picker "1 *" && ok "the ☰ lessons button opens the picker" || bad "button: picker $(field lesson_picker)"
stop_window

# 4. stepformer --lesson NAME --slide N opens there; a lesson with a mistake is refused with file:line
start_window --lesson compare --slide 3
wait_match lesson "*02-compare.md slide 3 of 3 *" && [ "$(field step)" = decoder.layer2.ffn.norm ] && [ "$(field pass)" = 3 ] && [ "$(field output | cut -d" " -f1-2)" = "one hundred" ] &&
    ok "--lesson compare --slide 3 opens at its place (what-if output: $(field output))" || bad "--lesson: $(field lesson) $(field step) $(field pass)"
stop_window
timeout 20 "$bin" --lesson broken >"$work/out.txt" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "03-broken.md:2: unknown key" "$work/out.txt" && ok "--lesson broken exits 2 naming file and line" || { bad "--lesson broken: rc $rc"; cat "$work/out.txt"; }
# 5. the course: a whole lesson of lessons/ with Page Down only, from the picker
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -d "$root/lessons/en" ]; then
    STEPFORMER_LESSONS=$root/lessons start_window
    xdotool key --window "$wid" ctrl+l
    wait_match lesson_picker "1 *" || true
    xdotool mousemove --window "$wid" 800 129 click 1 # the first lesson
    wait_match lesson "*slide 1 of *" || true
    total=$(field lesson | sed -n 's/.*slide 1 of \([0-9]*\).*/\1/p')
    played=0
    for k in $(seq 1 "${total:-0}"); do
        wait_match lesson "*slide $k of $total overflow 0" && played=$((played + 1))
        shot "course$k"
        xdotool key --window "$wid" Next
    done
    [ -n "$total" ] && [ "$played" = "$total" ] && ok "the course's first lesson: $total slides with Page Down only, every text fits" \
        || bad "course lesson: played $played of ${total:-?} ($(field lesson))"
    stop_window
fi
finish
