#!/usr/bin/env bash
# The window's export keys, in a real window under Xvfb: E writes the focused view as PNG + SVG,
# Shift+E the grid of every layer x head, into --export-dir; a second E never overwrites the first;
# the toast (UI log "hint") says where they went. $1 = stepformer, $2 = tests/data.
set -u
bin="$1"
data="$2"
model="$data/reference/tiny-at.safetensors"
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

for tool in xvfb-run xdotool; do
    command -v $tool >/dev/null || { echo "FAIL $tool is not installed"; echo "0 passed, 1 failed"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/out"

cat >"$work/drive.sh" <<'DRIVE'
#!/usr/bin/env bash
# Runs inside xvfb-run: opens the window, presses the keys, waits for each file, quits.
bin="$1" model="$2" dir="$3" log="$4"
STEPFORMER_UI_LOG="$log" "$bin" --model "$model" --input abc --export-dir "$dir" --size 1280x720 &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name Stepformer | head -1)
[ -n "$wid" ] || { echo "no window"; kill $pid; exit 1; }
wait_for() { # pattern count
    for _ in $(seq 1 100); do
        [ "$(ls "$dir" | grep -c -- "$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
xdotool key --window "$wid" End
sleep 0.3
xdotool key --window "$wid" e
wait_for '_L1_H1.*\.png$' 1 || echo "E wrote no PNG"
sleep 0.3
cp "$log" "$dir/../log-after-e.txt"
xdotool key --window "$wid" e
wait_for '_L1_H1.*\.png$' 2 || echo "second E wrote no second PNG"
xdotool key --window "$wid" shift+e
wait_for '_all-heads.*\.png$' 1 || echo "Shift+E wrote no grid PNG"
sleep 0.3
cp "$log" "$dir/../log-after-shift-e.txt"
xdotool key --window "$wid" ctrl+q
for _ in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
exit 0
DRIVE
timeout 120 xvfb-run -a -s "-screen 0 1600x900x24" bash "$work/drive.sh" "$bin" "$model" "$work/out" "$work/ui.log" \
    >"$work/drive.txt" 2>&1
grep -v '^$' "$work/drive.txt" | sed 's/^/  (driver) /' | head -20
ls "$work/out" | sed 's/^/  file: /'

n_png=$(ls "$work/out" | grep -c '_L1_H1.*\.png$')
n_svg=$(ls "$work/out" | grep -c '_L1_H1.*\.svg$')
[ "$n_png" -eq 2 ] && [ "$n_svg" -eq 2 ] && ok "E twice: two PNG + SVG pairs" || bad "E twice: $n_png PNG, $n_svg SVG (want 2 and 2)"
ls "$work/out" | grep -q -- '-2\.png$' && ok "the second export is numbered -2, the first kept" \
    || bad "no -2 file: an export was overwritten"
ls "$work/out" | grep -q '^tiny-at_abc_.*_all-heads.*\.png$' && ok "Shift+E: grid PNG" || bad "Shift+E: no grid PNG"
ls "$work/out" | grep -q '^tiny-at_abc_.*_all-heads.*\.svg$' && ok "Shift+E: grid SVG" || bad "Shift+E: no grid SVG"
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
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
