#!/usr/bin/env bash
# cmake --install into a temporary prefix, then the prefix moves elsewhere, and the installed
# binary, run from an unrelated folder with a clean environment (no STEPFORMER_* variable), finds
# its own data next to itself: --version names the moved prefix's folders, `compare --task` finds
# the bundled models, `decode`, `export` and `screenshot` work, the manual page, desktop file and
# every icon are in place. Breaking paths.c's install lookup makes it fail (the binary falls back to
# the source tree, which --version shows).
# usage: test_install.sh STEPFORMER_BINARY TESTS_DATA_DIR
build=$(cd "$(dirname "$1")" && pwd)
. "$(dirname "$0")/common.sh"

cmake --install "$build" --prefix "$work/first/usr" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
mkdir -p "$work/elsewhere"
mv "$work/first" "$work/elsewhere/moved"
prefix=$work/elsewhere/moved/usr
bin=$prefix/bin/stepformer
mkdir -p "$work/cwd"
cd "$work/cwd" || exit 1
# a clean environment: no STEPFORMER_ASSETS (or any other), a throwaway home
run() { env -i PATH=/usr/bin:/bin HOME="$work/home" "$bin" "$@"; }

[ -x "$bin" ] && ok "binary in bin/" || bad "no $bin"
version=$(run --version)
[ "$(echo "$version" | head -1)" = "stepformer $(grep -m1 -o 'project(stepformer VERSION [0-9.]*' "$(dirname "$0")/../../CMakeLists.txt" | cut -d' ' -f3)" ] &&
    ok "--version: $(echo "$version" | head -1)" || bad "--version says: $version"
[ "$(echo "$version" | sed -n 's/^assets: *//p')" = "$prefix/share/stepformer" ] &&
    ok "the moved binary reads the moved prefix's data" || bad "the moved binary reads: $version"
[ "$(echo "$version" | sed -n 's/^lessons: *//p')" = "$prefix/share/stepformer/lessons" ] &&
    ok "lessons folder beside the models" || bad "lessons: $version"
[ "$(echo "$version" | sed -n 's/^locale: *//p')" = "$prefix/share/locale" ] &&
    ok "locale folder in share/locale" || bad "locale: $version"
[ "$(env -i PATH=/usr/bin:/bin STEPFORMER_ASSETS=/some/where "$bin" --version | sed -n 's/^assets: *//p')" = /some/where ] &&
    ok "STEPFORMER_ASSETS still overrides" || bad "STEPFORMER_ASSETS ignored"

model=$prefix/share/stepformer/models/reverse-at.safetensors
[ -f "$model" ] && ok "models in share/stepformer/models ($(ls "$prefix/share/stepformer/models" | wc -l) files)" || bad "no $model"
out=$(run compare --task reverse --input abc 2>&1)
echo "$out" | grep -q "^at .*cba" && ok "compare --task finds the installed models" || bad "compare --task: $out"
if [ -d "$(dirname "$0")/../../lessons/en" ]; then
    out=$(run lesson list 2>&1)
    echo "$out" | grep -q "lessons in $prefix/share/stepformer/lessons/en" && ok "lesson list finds the installed lessons" ||
        bad "lesson list: $out"
fi
out=$(run decode --model "$model" --input abcd 2>&1)
echo "$out" | grep -q "dcba" && ok "decode: dcba" || bad "decode: $out"
run export --model "$model" --input abcd --format svg -o fig.svg >"$work/export.log" 2>&1 &&
    grep -q "Stepformer" fig.svg && ok "export writes an SVG (with the version comment)" || bad "export: $(cat "$work/export.log")"
run screenshot --model "$model" --input abcd -o shot.png >"$work/shot.log" 2>&1 &&
    [ "$(head -c 8 shot.png | od -An -c | tr -d ' ')" = "211PNG\r\n032\n" ] && ok "screenshot writes a PNG" ||
    bad "screenshot: $(cat "$work/shot.log")"

# the version in exported files' metadata: SVG comment, PNG Software text, JSON key
v=$(run --version | head -1 | cut -d' ' -f2)
grep -q "<!-- made by Stepformer $v -->" fig.svg && ok "SVG comment names Stepformer $v" || bad "SVG lacks the version: $(head -3 fig.svg)"
[ "$(identify -format '%[Software]' shot.png 2>/dev/null)" = "Stepformer $v" ] && ok "PNG Software text: Stepformer $v" ||
    bad "PNG Software: $(identify -verbose shot.png | grep -i software)"
run export --model "$model" --input abcd --format json -o fig.json >"$work/json.log" 2>&1 &&
    [ "$(python3 -c "import json; print(json.load(open('fig.json'))['stepformer_version'])")" = "$v" ] &&
    ok "JSON stepformer_version: $v" || bad "JSON: $(cat "$work/json.log"; head -c 200 fig.json)"

man=$prefix/share/man/man1/stepformer.1.gz
[ -f "$man" ] && zcat "$man" | grep -q '^\.TH STEPFORMER 1' && ok "manual page in share/man/man1" || bad "no manual page $man"
desk=$prefix/share/applications/stepformer.desktop
[ -f "$desk" ] && grep -q '^Exec=stepformer$' "$desk" && grep -q '^Icon=stepformer$' "$desk" &&
    [ -z "$(desktop-file-validate "$desk" 2>&1)" ] && ok "desktop file (desktop-file-validate: clean)" ||
    bad "desktop file $desk: $(desktop-file-validate "$desk" 2>&1)"
icons=$prefix/share/icons/hicolor
missing=""
for n in 16 24 32 48 64 128 256; do
    f=$icons/${n}x${n}/apps/stepformer.png
    [ "$(identify -format '%wx%h' "$f" 2>/dev/null)" = "${n}x${n}" ] || missing="$missing $n"
done
[ -z "$missing" ] && ok "PNG icons 16 … 256 px, each its size" || bad "icons missing or wrong size:$missing"
xmllint --noout "$icons/scalable/apps/stepformer.svg" 2>/dev/null && ok "SVG icon is well-formed XML" || bad "SVG icon"
finish
