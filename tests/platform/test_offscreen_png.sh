#!/usr/bin/env bash
# Renders heatmaps to PNG through the real platform layer with no display (DISPLAY unset), then
# checks the image size and that a cell's pixel has the colormap's colour. Also checks that bad
# export paths fail cleanly, that batched drawing equals drawing in order, and that a window
# opens under xvfb (or fails clearly without it).
# $1 = viz_demo binary, $2 = scratch folder.
set -euo pipefail
demo="$1"
out="$2"
rm -rf "$out" && mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The pixel checks need ImageMagick and the window check Xvfb: missing, the test fails (make test
# installs both), rather than print "ok" having checked nothing.
for tool in convert xvfb-run; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (Debian: imagemagick, xvfb; make test installs them)"
done

pixel() { # file x y -> "r,g,b"
    convert "$1" -format "%[fx:int(255*p{$2,$3}.r+.5)],%[fx:int(255*p{$2,$3}.g+.5)],%[fx:int(255*p{$2,$3}.b+.5)]" info:
}
size() { python3 - "$1" <<'PY'
import struct, sys
with open(sys.argv[1], 'rb') as f:
    head = f.read(24)
assert head[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
print('%dx%d' % struct.unpack('>II', head[16:24]))
PY
}

check() { # name scale expected-size probe-args... ; extra args go to viz_demo
    local name="$1" scale="$2" want="$3"; shift 3
    local png="$out/$name.png"
    local line
    line=$(env -u DISPLAY -u WAYLAND_DISPLAY "$demo" png "$png" --scale "$scale" "$@") || fail "$name: viz_demo failed"
    [ -f "$png" ] || fail "$name: no PNG written"
    [ "$(size "$png")" = "$want" ] || fail "$name: size $(size "$png"), want $want"
    read -r _ r c x y R G B kind <<<"$line"
    got=$(pixel "$png" "$x" "$y")
    [ "$got" = "$R,$G,$B" ] || fail "$name: cell ($r,$c) at ($x,$y) is $got, want $R,$G,$B ($kind)"
    echo "ok $name: $want, cell ($r,$c) = $got ($kind)"
}

check light_viridis_1x 1 720x600 --probe 3 4
check dark_cividis_2x 2 1440x1200 --theme dark --cmap cividis --probe 7 2
check masked_4x 4 2880x2400 --mask --probe 1 5
check big_40x40 1 1000x920 --rows 40 --cols 40 --cmap magma --probe 39 39
check cjk_labels 1 720x600 --cjk --probe 0 0

ls "$out"/*.tmp-* 2>/dev/null && fail "temporary files left behind"

mkdir -p "$out/errors"
# batching and reordering in the renderer must leave every pixel as drawing in list order would
env -u DISPLAY -u WAYLAND_DISPLAY "$demo" order 40 || fail "batched drawing differs from drawing in order"
# more new strings and grids than the texture atlas holds: evicted entries come back right
env -u DISPLAY -u WAYLAND_DISPLAY "$demo" churn || fail "a renderer that evicted atlas entries draws wrong"

env -u DISPLAY "$demo" export-errors "$out/errors" || fail "bad export paths"

# The window: a clear error without a display, a real window under xvfb when available.
if env -u DISPLAY -u WAYLAND_DISPLAY "$demo" window 2>"$out/nodisplay.txt"; then
    fail "window opened without a display"
fi
grep -q "no display: set DISPLAY or run under xvfb-run" "$out/nodisplay.txt" || fail "unclear no-display error: $(cat "$out/nodisplay.txt")"
echo "ok no display -> $(cat "$out/nodisplay.txt")"
xvfb-run -a -s "-screen 0 1024x768x24" "$demo" window || fail "window under xvfb"
echo "all offscreen checks passed"
