#!/usr/bin/env bash
# The window's export keys, in a real window under Xvfb: E writes the focused view as PNG + SVG,
# Shift+E the grid of every layer x head (with head 2 focused: still all of them), Ctrl+E the
# focused heatmap's numbers as CSV + JSON, Ctrl+G the whole decode as a GIF, into --export-dir; a
# second E never overwrites the first; the toast (UI log "hint") says where they went.
# $1 = stepformer, $2 = tests/data.
set -u
bin="$1"
data="$2"
model="$data/reference/tiny-at.safetensors"
source "$(dirname "$0")/window_lib.sh"
mkdir "$work/out"

# the window: press the keys, wait for each file, keep the UI log as it was after each, quit
wait_files() { # at least $2 files of $work/out match the pattern $1, within 10 s
    for _ in $(seq 1 100); do
        [ "$(ls "$work/out" | grep -c -- "$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
start_window --model "$model" --input abc --export-dir "$work/out" --size 1280x720
c0=$(field cursor)
key End
wait_for cursor != "$c0" || echo "  End did not move the cursor"
key e
wait_files '_L1_H1.*\.png$' 1 || echo "  E wrote no PNG"
wait_grep '^hint exported' || echo "  no toast yet"
cp "$STEPFORMER_UI_LOG" "$work/log-after-e.txt"
key e
wait_files '_L1_H1.*\.png$' 2 || echo "  second E wrote no second PNG"
key 2
key shift+e
wait_files '_all-heads.*\.png$' 1 || echo "  Shift+E wrote no grid PNG"
wait_grep '^export .*all-heads' || echo "  the log names no grid yet"
cp "$STEPFORMER_UI_LOG" "$work/log-after-shift-e.txt"
key 1
key ctrl+e
wait_files '\.json$' 1 || echo "  Ctrl+E wrote no JSON"
key ctrl+g
wait_files '\.gif$' 1 || echo "  Ctrl+G wrote no GIF"
wait_grep '^export .*\.gif' || echo "  the log names no GIF yet"
cp "$STEPFORMER_UI_LOG" "$work/log-after-ctrl-g.txt"
key ctrl+q
for _ in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
stop_window
ls "$work/out" | sed 's/^/  file: /'

n_png=$(ls "$work/out" | grep -c '_L1_H1.*\.png$')
n_svg=$(ls "$work/out" | grep -c '_L1_H1.*\.svg$')
[ "$n_png" -eq 2 ] && [ "$n_svg" -eq 2 ] && ok "E twice: two PNG + SVG pairs" || bad "E twice: $n_png PNG, $n_svg SVG (want 2 and 2)"
ls "$work/out" | grep -q -- '-2\.png$' && ok "the second export is numbered -2, the first kept" \
    || bad "no -2 file: an export was overwritten"
ls "$work/out" | grep -q '^tiny-at_abc_.*_all-heads.*\.png$' && ok "Shift+E: grid PNG" || bad "Shift+E: no grid PNG"
ls "$work/out" | grep -q '^tiny-at_abc_.*_all-heads.*\.svg$' && ok "Shift+E: grid SVG" || bad "Shift+E: no grid SVG"
ls "$work/out" | grep -q '_H[0-9]*_all\|_Hall\|_L[0-9]*_H2.*grid' && bad "Shift+E with head 2 focused did not export every head"
csv=$(ls "$work/out" | grep '_L1_H1.*\.csv$' | head -1)
json=$(ls "$work/out" | grep '_L1_H1.*\.json$' | head -1)
[ -n "$csv" ] && [ -n "$json" ] && [ "${csv%.csv}" = "${json%.json}" ] && ok "Ctrl+E: $csv + .json" \
    || bad "Ctrl+E: csv '$csv', json '$json' (want a pair of the focused head)"
if [ -n "$csv" ]; then
    head -1 "$work/out/$csv" | grep -q '^query\\key,' && ok "the CSV has the key tokens as its header row" \
        || bad "CSV header: $(head -1 "$work/out/$csv")"
    rows=$(($(wc -l <"$work/out/$csv") - 1))
    [ "$rows" -ge 1 ] && ok "the CSV has $rows query rows" || bad "the CSV has no rows"
fi
if [ -n "$json" ]; then
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); m=d['matrices'][0]; assert m['layer']==1 and m['head']==1, m; assert len(m['values'])==len(m['row_labels'])>0" \
        "$work/out/$json" && ok "the JSON holds the focused matrix with its labels" || bad "the JSON is not the focused matrix"
fi
gif=$(ls "$work/out" | grep '\.gif$' | head -1)
if [ -n "$gif" ] && head -c 6 "$work/out/$gif" | grep -q 'GIF89a'; then
    frames=$(python3 -c "import sys; print(open(sys.argv[1],'rb').read().count(b'\x21\xf9\x04'))" "$work/out/$gif")
    [ "$frames" -ge 2 ] && ok "Ctrl+G: $gif, $frames frames (the whole decode)" || bad "Ctrl+G: $gif has $frames frames"
else
    bad "Ctrl+G: no GIF ($gif)"
fi
grep -q "^export $work/out/.*\.gif" "$work/log-after-ctrl-g.txt" 2>/dev/null && ok "UI log names the GIF" \
    || bad "UI log after Ctrl+G: $(grep '^export' "$work/log-after-ctrl-g.txt" 2>/dev/null)"
for f in "$work"/out/*.png; do
    [ -e "$f" ] || continue
    head -c 8 "$f" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' || bad "$(basename "$f") is not a PNG"
done
for f in "$work"/out/*.svg; do
    [ -e "$f" ] || continue
    xmllint --noout "$f" 2>/dev/null && ok "$(basename "$f") parses as XML" || bad "$(basename "$f") is not XML"
done
ls "$work/out" | grep -q 'tmp' && bad "temporary files left" || ok "no temporary files left"
grep -q '^hint exported .* to ' "$work/log-after-e.txt" 2>/dev/null && ok "toast: $(grep '^hint' "$work/log-after-e.txt")" \
    || bad "no toast after E: $(cat "$work/log-after-e.txt" 2>/dev/null)"
grep -q "^export $work/out/.*all-heads.*\.png" "$work/log-after-shift-e.txt" 2>/dev/null && ok "UI log names the grid file" \
    || bad "UI log export line: $(grep '^export' "$work/log-after-shift-e.txt" 2>/dev/null)"
finish
