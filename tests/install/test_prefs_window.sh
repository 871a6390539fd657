#!/usr/bin/env bash
# Remembered preferences in the real window under Xvfb: T (dark theme) and a typed input are written
# to $XDG_CONFIG_HOME/stepformer/prefs.json; the next start, with no option, comes back dark with
# that input; a prefs.json naming another model and input opens them; --theme light wins over the
# file for one session and does not change it; --no-config starts clean and writes nothing; a
# corrupt file is reported once (in the window's hint and on stderr), ignored, and never fatal.
# usage: test_prefs_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
bin=$1
models=${STEPFORMER_ASSETS:-$(cd "$2/../../assets" && pwd)}/models
if [ -z "${STEPFORMER_IN_XVFB:-}" ]; then
    exec env STEPFORMER_IN_XVFB=1 xvfb-run -a -s "-screen 0 1600x900x24" bash "$0" "$@"
fi
. "$(dirname "$0")/common.sh"
pid=
on_exit='[ -n "$pid" ] && kill $pid 2>/dev/null'
export XDG_CONFIG_HOME=$work/config STEPFORMER_UI_LOG=$work/ui.log
prefs=$XDG_CONFIG_HOME/stepformer/prefs.json
field() { sed -n "s/^$1 //p" "$STEPFORMER_UI_LOG" 2>/dev/null | head -1; }
wait_for() { for _ in $(seq 300); do [ "$(field "$1")" "$2" "$3" ] && return 0; sleep 0.1; done; return 1; }
# opens the window with the given options; sets pid and wid
start() {
    rm -f "$STEPFORMER_UI_LOG"
    "$bin" --size 1280x720 "$@" >"$work/out.txt" 2>&1 &
    pid=$!
    # the window is looked for once the app draws (it logs a step): SDL may replace the first X
    # window it makes while it sets up its renderer, and a key sent to that one fails (BadWindow)
    wait_for step != "" || { echo "FAIL: the window never drew"; cat "$work/out.txt"; exit 1; }
    wid=$(timeout 20 xdotool search --sync --onlyvisible --name Stepformer | tail -1)
    [ -n "$wid" ] || { echo "FAIL: no window"; cat "$work/out.txt"; exit 1; }
    sleep 0.3
}
# Ctrl+Q, then up to 30 s for the window to close (a lost key fails this test, not the whole run)
quit() {
    xdotool key --window "$wid" ctrl+q
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { bad "Ctrl+Q did not close the window"; kill "$pid"; }
    wait "$pid"
    pid=
}
# mean brightness of the window's screenshot, 0..100
brightness() { import -window root "$work/shot.png"; convert "$work/shot.png" -colorspace gray -format '%[fx:int(mean*100)]' info:; }
json() { python3 -c "import json,sys; print(json.load(open('$prefs')).get('$1', ''))" 2>/dev/null; }

# 1. a first start writes nothing until something changes; T and a typed input are remembered
start --model "$models/reverse-at.safetensors" --input abc
light=$(brightness)
[ -e "$prefs" ] && bad "a start without changes wrote $prefs" || ok "nothing written before a change"
xdotool key --window "$wid" t
xdotool key --window "$wid" Return
sleep 0.3 # text input starts with the next frame
xdotool type --window "$wid" --delay 80 "de"
xdotool key --window "$wid" Return
wait_for input = abcde || bad "typed input is $(field input)"
quit
[ "$(json theme)" = dark ] && [ "$(json input)" = abcde ] && ok "T and the typed input written: $(tr -d '\n ' <"$prefs")" ||
    bad "prefs.json: $(cat "$prefs" 2>&1)"
ls "$XDG_CONFIG_HOME/stepformer" | grep -qv '^prefs.json$' && bad "a temporary file stayed: $(ls "$XDG_CONFIG_HOME/stepformer")" || ok "written atomically (no temporary left)"

# 2. restart: dark, with the remembered input
start
dark=$(brightness)
[ "$dark" -lt $((light - 20)) ] && ok "restart is dark (brightness $dark, light was $light)" || bad "restart brightness $dark, light $light"
[ "$(field input)" = abcde ] && ok "restart has the input abcde" || bad "restart input: $(field input)"
[ "$(field output)" = "e d c b a <end>" ] || [ "$(field output)" = "e d c b a" ] && ok "and decodes it: $(field output)" || bad "output $(field output)"
quit

# 3. the last model: a file naming sort-at with an input opens them; an input that no longer fits
#    gives the model's example, with one message
python3 -c "import json; d=json.load(open('$prefs')); d['model']='$models/sort-at.safetensors'; d['input']='3141'; json.dump(d, open('$prefs','w'))"
start
[ "$(field input)" = 3141 ] && echo "$(field output)" | grep -q "^1 1 3 4" && ok "the remembered model (sort) and input: $(field output)" ||
    bad "model/input: input $(field input), output $(field output)"
quit
python3 -c "import json; d=json.load(open('$prefs')); d['input']='abc'; json.dump(d, open('$prefs','w'))"
start
[ "$(field input)" = 3141592 ] && echo "$(field hint)" | grep -q "did not open" && ok "an input the model refuses: its example, and: $(field hint)" ||
    bad "refused input: input $(field input), hint $(field hint)"
quit

# 4. the command line wins for one session and does not change the file
before=$(cat "$prefs")
start --theme light
b=$(brightness)
[ "$b" -gt $((dark + 20)) ] && ok "--theme light overrides the file (brightness $b)" || bad "--theme light: brightness $b"
quit
[ "$(cat "$prefs")" = "$before" ] && ok "and the file still says dark" || bad "the file changed: $(cat "$prefs")"

# 5. --no-config: defaults, nothing written
start --no-config
b=$(brightness)
[ "$b" -gt $((dark + 20)) ] && ok "--no-config starts with the defaults (light)" || bad "--no-config brightness $b"
xdotool key --window "$wid" t
sleep 0.8
quit
[ "$(cat "$prefs")" = "$before" ] && ok "--no-config writes nothing" || bad "--no-config wrote: $(cat "$prefs")"

# 6. a corrupt file: reported once, ignored, the window works
printf '{"theme": "dark", "colormap": ' >"$prefs"
start
hint=$(field hint)
echo "$hint" | grep -q "preferences ignored" && echo "$hint" | grep -q "prefs.json" && ok "corrupt file reported in the window: $hint" || bad "hint: $hint"
[ "$(grep -c 'preferences ignored' "$work/out.txt")" = 1 ] && ok "and once on stderr" || bad "stderr: $(cat "$work/out.txt")"
b=$(brightness)
[ "$b" -gt $((dark + 20)) ] && ok "and ignored (light theme)" || bad "corrupt file not ignored: brightness $b"
xdotool key --window "$wid" Right
sleep 0.3
kill -0 "$pid" 2>/dev/null && ok "the window keeps running" || bad "the window died"
quit
finish
