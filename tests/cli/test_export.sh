#!/usr/bin/env bash
# `stepformer export` with no display: PNG size and cell colours, SVG structure, CSV and JSON
# numbers against `decode --format json`, GIF and PNG sequences, never overwriting, and clean
# failures (missing folder, a path through a file, bad options) that leave nothing behind.
# $1 = stepformer, $2 = tests/data.
set -u
bin="$1"
data="$(cd "$2" && pwd)"
src_root="$(cd "$data/../.." && pwd)"
model="$data/reference/tiny-at.safetensors"
nat="$data/reference/tiny-nat.safetensors"
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# every export in this file runs with no display at all
sf() { env -u DISPLAY -u WAYLAND_DISPLAY "$bin" "$@"; }
check() { # name command...: passes when the command (usually python) exits 0
    local name="$1"; shift
    local out
    if out=$("$@" 2>&1); then ok "$name${out:+: $out}"; else bad "$name: $out"; fi
}

sf decode --model "$model" --input abcde --format json >decode.json || bad "decode --format json"

# ---- PNG: size, and a cell's pixel is the colormap of its value --------------------------------
sf export --model "$model" --input abcde --kind decoder --layer 1 --head 2 --format svg -o fig.svg >/dev/null \
    && ok "svg written" || bad "svg export"
for k in 1 3; do
    sf export --model "$model" --input abcde --kind decoder --layer 1 --head 2 --scale $k -o fig$k.png >/dev/null \
        && ok "png at scale $k written without DISPLAY" || bad "png export at scale $k"
done
cat >probe.py <<'PY'
# probe.py SVG PNG SCALE ROW COL LAYER HEAD CMAP: checks the PNG's size against the SVG's, and the
# pixel inside cell (ROW, COL) against the colormap of decode.json's value for that cell.
import json, re, struct, subprocess, sys, xml.etree.ElementTree as ET
svg, png, scale, row, col, layer, head, cmap = sys.argv[1:9]
scale, row, col, layer, head = int(scale), int(row), int(col), int(layer), int(head)
ns = {'s': 'http://www.w3.org/2000/svg'}
root = ET.parse(svg).getroot()
w, h = float(root.get('width')), float(root.get('height'))
with open(png, 'rb') as f:
    head24 = f.read(24)
assert head24[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pw, ph = struct.unpack('>II', head24[16:24])
assert (pw, ph) == (round(w * scale), round(h * scale)), f'PNG {pw}x{ph}, SVG {w}x{h} x {scale}'
d = json.load(open('decode.json'))
T = len(d['decoder_input'])
cells = root.findall('.//s:rect[@class="cell"]', ns)
assert len(cells) == T * T, f'{len(cells)} cells, want {T * T}'
c = cells[row * T + col]
x, y = float(c.get('x')), float(c.get('y'))
v = d['attention']['decoder_self'][layer - 1][head - 1][row][col]
src = open(sys.argv[9]).read()
table = re.search(r'colormap_table_%s\[256\]\[3\] = \{(.*?)\};' % cmap, src, re.S).group(1)
t = [tuple(map(int, m)) for m in re.findall(r'\{\s*(\d+),\s*(\d+),\s*(\d+)\s*\}', table)]
assert len(t) == 256
f = min(max(v, 0.0), 1.0) * 255.0
i = min(int(f), 254)
want = [round(a + (b - a) * (f - i)) for a, b in zip(t[i], t[i + 1])]
px, py = int((x + 2) * scale), int((y + 2) * scale)  # a corner of the cell: the value text is centred
fx = ','.join('%%[fx:int(255*p{%d,%d}.%s+.5)]' % (px, py, ch) for ch in 'rgb')
got = subprocess.run(['convert', png, '-format', fx, 'info:'], capture_output=True, text=True, check=True).stdout
got = [int(g) for g in got.split(',')]
assert all(abs(a - b) <= 1 for a, b in zip(got, want)), f'cell ({row},{col}) value {v:.4f}: pixel {got}, colormap {want}'
print(f'{pw}x{ph}, cell ({row},{col}) = {v:.3f} -> {got}')
PY
tables="$src_root/src/viz/colormap_tables.c"
check "png scale 1: size and cell colour" python3 probe.py fig.svg fig1.png 1 3 1 1 2 viridis "$tables"
check "png scale 3: size and cell colour" python3 probe.py fig.svg fig3.png 3 5 4 1 2 viridis "$tables"
sf export --model "$model" --input abcde --kind decoder --layer 2 --head 1 --colormap magma --theme dark --format svg \
    -o figm.svg >/dev/null && sf export --model "$model" --input abcde --kind decoder --layer 2 --head 1 \
    --colormap magma --theme dark --scale 2 -o figm.png >/dev/null || bad "magma/dark export"
check "png magma dark scale 2: size and cell colour" python3 probe.py figm.svg figm.png 2 9 0 2 1 magma "$tables"

# ---- SVG: XML with one rect per cell and every token label as text -----------------------------
sf export --model "$model" --input abcde --kind encoder --layer 1 --head 1 --format svg -o enc.svg >/dev/null
sf export --model "$model" --input abcde --kind cross --layer all --head all --format svg -o grid.svg >/dev/null
check "svg parses as XML (xmllint)" xmllint --noout fig.svg enc.svg grid.svg
cat >svgcheck.py <<'PY'
import json, sys, xml.etree.ElementTree as ET
ns = {'s': 'http://www.w3.org/2000/svg'}
d = json.load(open('decode.json'))
S, T = len(d['source']), len(d['decoder_input'])
def texts(root): return [t.text or '' for t in root.iter('{http://www.w3.org/2000/svg}text')]
enc = ET.parse('enc.svg').getroot()
cells = enc.findall('.//s:rect[@class="cell"]', ns)
assert len(cells) == S * S, f'encoder: {len(cells)} cells, want {S * S}'
tx = texts(enc)
for tok in d['source']:
    assert tx.count(tok) == 2, f'label {tok!r} appears {tx.count(tok)} times, want 2 (row and column)'
assert any('encoder layer 1' in t and 'head 1' in t for t in tx), 'no title'
assert any(t == '1.0' for t in tx), 'no colorbar tick 1.0'
grid = ET.parse('grid.svg').getroot()
cells = grid.findall('.//s:rect[@class="cell"]', ns)
assert len(cells) == 2 * 2 * T * S, f'grid: {len(cells)} cells, want {4 * T * S}'
tx = texts(grid)
assert tx.count('<begin>') == 4, 'every panel labels its rows'
assert sum(t.startswith('head ') for t in tx) == 2 and sum(t.startswith('layer ') for t in tx) == 2
print(f'encoder {S}x{S} cells and {2 * S} labels; grid 4 panels of {T}x{S}')
PY
check "svg cells, labels, title, colorbar" python3 svgcheck.py
grep -q '<path\|<image' enc.svg && bad "svg holds paths or images (not true vector text/rects)" || ok "svg has no outlined text or bitmaps"

# ---- CSV and JSON equal decode --format json ----------------------------------------------------
sf export --model "$model" --input abcde --kind cross --layer 2 --head 1 --format csv -o cross.csv >/dev/null
sf export --model "$model" --input abcde --kind decoder --layer 1 --head 2 --step 4 --format csv -o step4.csv >/dev/null
sf export --model "$model" --input abcde --kind all --layer all --head all --format json -o all.json >/dev/null
cat >datacheck.py <<'PY'
import csv, json, struct
d = json.load(open('decode.json'))
f32 = lambda x: struct.unpack('f', struct.pack('f', float(x)))[0]
def check_csv(path, m, rows, cols, rl, cl):
    r = list(csv.reader(open(path, encoding='utf-8')))
    assert r[0][1:] == cl, f'{path}: header {r[0][1:]} != {cl}'
    assert [x[0] for x in r[1:]] == rl, f'{path}: row labels'
    assert len(r) - 1 == rows and all(len(x) - 1 == cols for x in r[1:]), f'{path}: shape'
    for i in range(rows):
        for k in range(cols):
            assert f32(r[i + 1][k + 1]) == f32(m[i][k]), f'{path} [{i}][{k}]: {r[i + 1][k + 1]} != {m[i][k]}'
S, T = len(d['source']), len(d['decoder_input'])
check_csv('cross.csv', d['attention']['cross'][1][0], T, S, d['decoder_input'], d['source'])
check_csv('step4.csv', d['attention']['decoder_self'][0][1], 4, 4, d['decoder_input'][:4], d['decoder_input'][:4])
e = json.load(open('all.json'))
names = {'encoder-self': 'encoder_self', 'decoder-self': 'decoder_self', 'cross': 'cross'}
n = 0
for m in e['matrices']:
    want = d['attention'][names[m['kind']]][m['layer'] - 1][m['head'] - 1]
    assert m['values'] == want, f"{m['kind']} L{m['layer']} H{m['head']} differs"
    block = 'encoder' if m['kind'] == 'encoder-self' else 'decoder'
    sub = 'cross_attn' if m['kind'] == 'cross' else 'self_attn'
    place = f"{block}.layer{m['layer']}.{sub}.head{m['head']}.weights"
    assert m['place'] == place, f"place {m['place']}, want {place}"
    n += 1
assert n == 3 * 2 * 2, f'{n} matrices, want 12'
assert e['source'] == d['source'] and e['decoder_input'] == d['decoder_input']
print(f'CSV (float32-exact, labels) and {n} JSON matrices (exact) equal decode --format json')
PY
check "csv and json numbers" python3 datacheck.py

# ---- animation: GIF frames, numbered PNG sequence -----------------------------------------------
steps=$(python3 -c "import json; print(json.load(open('decode.json'))['passes'])")
sf export --model "$model" --input abcde --kind cross --layer 1 --head 1 --format gif --scale 1 -o dec.gif >/dev/null \
    || bad "gif export"
frames=$(identify dec.gif 2>/dev/null | wc -l)
[ "$frames" -eq "$steps" ] && ok "gif: $frames frames, one per step" || bad "gif: $frames frames, want $steps"
mkdir seq
sf export --model "$model" --input abcde --kind decoder --step all --scale 1 -o seq >/dev/null || bad "png sequence"
n=$(ls seq | grep -c '_step[0-9]*\.png$')
[ "$n" -eq "$steps" ] && ok "png sequence: $n numbered files" || bad "png sequence: $n files, want $steps"
[ "$(ls seq | sort | head -1)" = "$(ls seq | sort -V | head -1)" ] && ok "sequence names sort in step order" \
    || bad "sequence names do not sort: $(ls seq | sort | head -2)"
sizes=$(for f in seq/*.png; do identify -format '%wx%h\n' "$f"; done | sort -u | wc -l)
[ "$sizes" -eq 1 ] && ok "every frame has one size" || bad "frames differ in size"
sf export --model "$nat" --input abc --nat-length end --kind cross --layer 1 --head 1 --format png -o nat.png >/dev/null \
    && ok "NAT model exports" || bad "NAT export"
expect_nat=$(sf export --model "$nat" --input abc --kind cross -o nat0.png 2>&1)
[ $? -eq 2 ] && echo "$expect_nat" | grep -q "no cross rows" && ok "NAT of length 0: clear error" \
    || bad "NAT of length 0: $expect_nat"

# ---- default names never overwrite; -o as a prefix ------------------------------------------------
mkdir here && (cd here && sf export --model "$model" --input abc --kind encoder >/dev/null \
    && sf export --model "$model" --input abc --kind encoder >/dev/null)
[ -f here/tiny-at_abc_encoder-self_L1_H1.png ] && [ -f here/tiny-at_abc_encoder-self_L1_H1-2.png ] \
    && ok "second default export is numbered -2" || bad "default names: $(ls here)"
sf export --model "$model" --input abc --kind cross --layer all --head 1 --format csv -o pre/x 2>/dev/null \
    && bad "prefix in a missing folder accepted" || ok "prefix in a missing folder refused"
sf export --model "$model" --input abc --kind cross --layer all --head 1 --format csv -o px >/dev/null
[ -f px_cross_L1_H1.csv ] && [ -f px_cross_L2_H1.csv ] && ok "-o prefix for several files" || bad "prefix: $(ls)"

# ---- failures: exit 2, a clear message, nothing left behind ---------------------------------------
expect_fail() { # name code target message-pattern args...
    local name="$1" code="$2" target="$3" pattern="$4"; shift 4
    sf export "$@" >out.txt 2>err.txt
    local rc=$?
    if [ $rc -ne "$code" ]; then bad "$name: exit $rc, want $code ($(cat err.txt))"; return; fi
    if ! grep -q "^stepformer: .*$pattern" err.txt; then bad "$name: message \"$(cat err.txt)\" lacks \"$pattern\""; return; fi
    if [ -n "$target" ] && ls -d "$target"* >/dev/null 2>&1; then bad "$name: left $(ls -d "$target"*)"; return; fi
    ok "$name -> $(head -1 err.txt)"
}
touch plainfile
expect_fail "missing folder" 2 "nowhere/" "does not exist" --model "$model" --input abc -o nowhere/fig.png
expect_fail "path through a file" 2 "plainfile/" "not a folder" --model "$model" --input abc -o plainfile/fig.png
expect_fail "svg through a file" 2 "" "not a folder" --model "$model" --input abc --format svg -o plainfile/x/fig.svg
expect_fail "csv into a missing folder" 2 "" "does not exist" --model "$model" --input abc --format csv -o nowhere/a.csv
expect_fail "unknown kind" 2 "k.png" "--kind" --model "$model" --input abc --kind sideways -o k.png
expect_fail "layer out of range" 2 "l.png" "layer" --model "$model" --input abc --layer 3 -o l.png
expect_fail "head out of range" 2 "h.png" "head" --model "$model" --input abc --head 0 -o h.png
expect_fail "step out of range" 2 "s.png" "step" --model "$model" --input abc --step 99 -o s.png
expect_fail "bad model" 2 "m.png" "plainfile" --model plainfile --input abc -o m.png
expect_fail "unknown format" 2 "" "--format" --model "$model" --input abc --format bmp
expect_fail "scale 5" 2 "" "--scale" --model "$model" --input abc --scale 5 -o z.png
ls -a . | grep -q 'tmp' && bad "temporary files left: $(ls -a | grep tmp)" || ok "no temporary files anywhere"
echo before >keep.png
sf export --model "$model" --input abc --kind encoder -o keep.png >/dev/null && [ "$(head -c 4 keep.png | od -An -c | tr -d ' ')" = "211PNG" ] \
    && ok "-o on an existing file replaces it" || bad "-o replace"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
