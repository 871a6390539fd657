#!/usr/bin/env bash
# The Debian package (CPack, as `make deb` builds it) into a temporary folder, checked without
# installing it: dpkg-deb -I for the control fields and the declared dependencies (every shared
# library the binary needs, by the Debian package that ships it, plus a Latin and a CJK font), and
# dpkg -x for the file list (exactly the binary, the models, the lessons, the manual page, the
# desktop file and the icons, under /usr) and for running the unpacked binary, which finds its data
# in the unpacked tree. CPack takes about ten seconds here (installing into its staging folder and
# dpkg-shlibdeps), most of this test's time.
# usage: test_deb.sh STEPFORMER_BINARY TESTS_DATA_DIR
build=$(cd "$(dirname "$1")" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/common.sh"

(cd "$build" && cpack -G DEB -B "$work/pkg") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/pkg/stepformer_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "FAIL: no package in $work/pkg"; cat "$work/cpack.log"; exit 1; }
version=$(grep -m1 -o 'project(stepformer VERSION [0-9.]*' "$src/CMakeLists.txt" | cut -d' ' -f3)
[ "$(basename "$deb")" = "stepformer_${version}_$(dpkg --print-architecture).deb" ] && ok "package $(basename "$deb")" || bad "name $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = stepformer ] && [ "$(field Version)" = "$version" ] && ok "Package and Version fields" || bad "control: $(dpkg-deb -I "$deb")"
depends=$(field Depends)
# every library the binary links directly (its NEEDED entries; the libraries pull in their own), by
# the package that ships it (dpkg -S on the file ldd resolves it to)
for soname in $(objdump -p "$1" | awk '$1 == "NEEDED" {print $2}'); do
    lib=$(ldd "$1" | awk -v so="$soname" '$1 == so {print $3}')
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || { bad "no Debian package ships $lib"; continue; }
    echo "$depends" | grep -Eq "(^|, |\| )$pkg( |,|$)" && ok "depends on $pkg ($(basename "$lib"))" || bad "$pkg ($lib) missing from Depends: $depends"
done
for need in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libcjson1 libfontconfig1 libgif7 fonts-dejavu-core fonts-wqy-microhei; do
    echo "$depends" | grep -q "$need" || bad "Depends lacks $need: $depends"
done
echo "$depends" | grep -q "fonts-wqy-microhei" && ok "a CJK font is declared" || true

# the file list: exactly what the install rules promise, nothing from the build (tests, tools)
dpkg -x "$deb" "$work/root"
(cd "$work/root" && find . -type f | sed 's|^\./||' | sort) >"$work/got.txt"
{
    echo usr/bin/stepformer
    (cd "$src/assets" && find . -type f ! -path './fonts/*' | sed 's|^\./|usr/share/stepformer/|')
    [ -d "$src/lessons" ] && (cd "$src/lessons" && find . -type f | sed 's|^\./|usr/share/stepformer/lessons/|')
    [ -d "$build/locale" ] && (cd "$build/locale" && find . -name '*.mo' | sed 's|^\./|usr/share/locale/|')
    echo usr/share/man/man1/stepformer.1.gz
    echo usr/share/applications/stepformer.desktop
    echo usr/share/icons/hicolor/scalable/apps/stepformer.svg
    for n in 16 24 32 48 64 128 256; do echo "usr/share/icons/hicolor/${n}x${n}/apps/stepformer.png"; done
} | sort >"$work/want.txt"
if diff "$work/want.txt" "$work/got.txt" >"$work/diff.txt"; then
    ok "file list: $(wc -l <"$work/got.txt") files, exactly the promised ones"
else
    bad "file list differs (< promised, > in the package): $(cat "$work/diff.txt")"
fi
[ "$(stat -c %a "$work/root/usr/bin/stepformer")" = 755 ] && ok "binary is 0755" || bad "binary mode $(stat -c %a "$work/root/usr/bin/stepformer")"
out=$(env -i PATH=/usr/bin:/bin "$work/root/usr/bin/stepformer" --version)
[ "$(echo "$out" | sed -n 's/^assets: *//p')" = "$work/root/usr/share/stepformer" ] && ok "the unpacked binary finds the unpacked data" || bad "unpacked --version: $out"
finish
