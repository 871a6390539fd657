#!/usr/bin/env bash
# The real window in Chinese, under Xvfb, in a fresh machine's environment (env -i: no zh_CN locale
# generated, LANG=zh_CN.UTF-8 only asks for it): the overlays and messages a screenshot cannot show
# (help, model picker, lesson picker, what-if picker, hints, a refused key while typing) have no untranslated
# string (tests/app/i18n_check.py over each frame's marked text), and F2 switches the language
# live, both ways.
# usage: test_i18n_window.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
models=$root/assets/models
window_screen=1920x1080
source "$root/tests/app/window_lib.sh"

text=$work/text.log
# a sanitized run (tests/sanitize/run-window.sh) needs its own variables through env -i
sanenv=()
for v in STEPFORMER_BIN ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS; do [ -n "${!v:-}" ] && sanenv+=("$v=${!v}"); done
env -i PATH=/usr/bin:/bin HOME="$work" "${sanenv[@]}" DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" LANG=zh_CN.UTF-8 \
    STEPFORMER_UI_LOG="$STEPFORMER_UI_LOG" STEPFORMER_TEXT_LOG="$text" STEPFORMER_I18N_MARK=1 \
    "$bin" --model "$models/reverse-at.safetensors" --input abcdef --size 1920x1080 >"$work/out.txt" 2>&1 &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name Stepformer | head -1)
[ -n "$wid" ] || { echo "FAIL: no window"; cat "$work/out.txt"; exit 1; }
drawn() { tr -d '\001\002' 2>/dev/null <"$text"; }
# waits until the frame's text (marks taken out) contains $1; keeps a copy of that frame as $2
wait_text() {
    for _ in $(seq 50); do
        if drawn | grep -q -- "$1"; then
            cp "$text" "$work/frame-$2.log"
            return 0
        fi
        sleep 0.1
    done
    return 1
}

wait_text '模型结构 · AT' main && ok "the main frame is Chinese" || bad "main frame: $(drawn 2>&1 | head -5)"
[ "$(field lang)" = zh ] && ok "LANG=zh_CN.UTF-8 without that locale opens the window in Chinese" || bad "lang is $(field lang)"

key F1
wait_text '键盘和鼠标' help && ok "help overlay: $(drawn | grep -m1 '键盘和鼠标')" || bad "no Chinese help: $(drawn | tail -5)"
drawn | grep -q '界面和课程的语言：English / 中文' && ok "the help lists the language key" || bad "no language key in the help"
key Escape
key ctrl+o
wait_text '选择模型' picker && ok "model picker: $(drawn | grep -m1 '选择模型')" || bad "no Chinese model picker"
key Escape
key ctrl+l
wait_text '课程（zh）' lessons && ok "lesson picker: $(drawn | grep -m1 '课程（')" || bad "no Chinese lesson picker: $(drawn | grep -m1 -i lesson)"
key Escape
key l
wait_text 'L 切换 NAT 的长度方式' hint && ok "a refused key's hint: $(field hint | tr -d '\001\002')" || bad "hint: $(field hint)"
# what-if: at the end of the decode, click the first decoded token
key End
wait_for out_token != "" || true
read -r tx ty tw th _ <<<"$(field out_token)"
if [ -n "${tx:-}" ]; then
    xdotool mousemove --window "$wid" "$(python3 -c "print(int($tx + $tw / 2))")" "$(python3 -c "print(int($ty + $th / 2))")" click 1
    wait_text '假如第 1 个位置是' whatif && ok "what-if picker: $(drawn | grep -m1 '假如第')" || bad "no Chinese what-if picker"
    key Escape
else
    bad "the UI log names no decoded token"
fi
# typing: a character the model does not know is refused with the vocabulary, in Chinese
key Return
sleep 0.5 # the window turns on text input (SDL) before typed text arrives as text
xdotool type --window "$wid" --delay 60 "7"
wait_text '不在这个模型的词表里' typing && ok "a refused character: $(field hint | tr -d '\001\002' | cut -c1-60)…" \
    || bad "typing hint: $(field hint)"
key Escape

# every frame kept above: no untranslated string
model_args=()
for f in "$models"/*.safetensors; do model_args+=(--model "$f"); done
texts=() # the picker lists the lessons' own titles: data
for f in "$root"/lessons/zh/*.md; do texts+=(--text "$f"); done
if python3 "$root/tests/app/i18n_check.py" --po "$root/po/zh_CN.po" "${model_args[@]}" --data abcdef --data 7 \
    "${texts[@]}" "$work"/frame-*.log >"$work/check.txt"; then
    ok "no untranslated string in $(ls "$work"/frame-*.log | wc -l) frames: $(tail -1 "$work/check.txt")"
else
    bad "untranslated strings:"
    cat "$work/check.txt"
fi

# F2: English, live, then back
key F2
wait_for lang = en || true
[ "$(field lang)" = en ] && wait_text 'Architecture · AT' en && ok "F2 switches to English: $(field hint | tr -d '\001\002')" \
    || bad "after F2: lang $(field lang), $(drawn | head -3)"
key F2
wait_for lang = zh || true
[ "$(field lang)" = zh ] && wait_text '模型结构 · AT' zh-again && ok "F2 again: Chinese ($(field hint | tr -d '\001\002'))" \
    || bad "after a second F2: lang $(field lang)"
drawn | grep -q '解码 [0-9]* 次' && ok "the header's status follows the language: $(drawn | grep -m1 -o 'AT 贪心.*')" \
    || bad "status not in Chinese: $(drawn | grep -m1 '贪心')"

key ctrl+q
wait $pid
rc=$?
pid=
[ $rc = 0 ] && ok "quit cleanly" || bad "exit status $rc: $(cat "$work/out.txt")"
finish
