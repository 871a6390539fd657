#!/usr/bin/env bash
# The translation catalogues: po/stepformer.pot holds exactly the strings the sources mark (_(), N_(),
# P_()), every po/LANG.po passes `msgfmt --check` and translates every one of them, with no fuzzy
# (unchecked) entry. A string added to the sources without a translation fails here.
# usage: test_i18n_catalogue.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
msgids() { msgcat --no-location --no-wrap --sort-output "$1" | grep -E '^msgid(_plural)? '; }

"$root/tools/update_po.sh" "$work/fresh.pot" 2>"$work/xgettext.err" || bad "xgettext failed: $(cat "$work/xgettext.err")"
[ -s "$work/xgettext.err" ] && bad "xgettext warns: $(cat "$work/xgettext.err")"
n=$(msgids "$work/fresh.pot" | grep -c '^msgid ')
if diff <(msgids "$root/po/stepformer.pot") <(msgids "$work/fresh.pot") >"$work/pot.diff"; then
    ok "po/stepformer.pot is up to date with the sources ($n strings)"
else
    bad "po/stepformer.pot differs from the sources' strings (run make po; > = only in the sources):"
    cat "$work/pot.diff"
fi
[ "$n" -gt 200 ] && ok "$n strings are marked for translation" || bad "only $n strings marked"
for po in "$root"/po/*.po; do
    lang=$(basename "$po" .po)
    if msgfmt --check --statistics -o /dev/null "$po" 2>"$work/stats.txt"; then
        ok "$lang: msgfmt --check passes ($(cat "$work/stats.txt"))"
    else
        bad "$lang: msgfmt --check: $(cat "$work/stats.txt")"
    fi
    grep -Eq 'untranslated|fuzzy' "$work/stats.txt" && bad "$lang: not complete: $(cat "$work/stats.txt")"
    # every string of the sources, translated (msgcmp compares the po against the fresh template)
    if msgcmp "$po" "$work/fresh.pot" 2>"$work/cmp.txt"; then
        ok "$lang: translates every string the sources mark"
    else
        bad "$lang: strings of the sources it lacks:"
        cat "$work/cmp.txt"
    fi
    # (the header, msgid "", is always kept by msgattrib: count the others)
    left=$( (msgattrib --untranslated --no-obsolete --no-wrap "$po"; msgattrib --only-fuzzy --no-obsolete --no-wrap "$po") |
        grep -c '^msgid "[^"]')
    [ "$left" = 0 ] && ok "$lang: no untranslated or fuzzy entry" || bad "$lang: $left untranslated or fuzzy entries"
done

# a hint is drawn in the window's language: its format is "%s" (a translated text or data passed in)
# or marked; a bare English format on app_hint's line skipped the catalogue (six did, found by hand)
bare_hints() { grep -rnE 'app_hint\([^;]*[0-9]+, *"' "$1" | grep -vE '[0-9]+, *"%s",'; }
if bare=$(bare_hints "$root/src"); then
    bad "window hints with an unmarked format (wrap it in _()):"
    echo "$bare"
else
    ok "every window hint's format is marked for translation"
fi
printf 'void probe(app_state *a) { app_hint(a, 0, 3000, "press a key"); }\n' >"$work/hint_probe.c"
bare_hints "$work/hint_probe.c" >/dev/null && ok "a bare hint format is found" || bad "the hint check missed a bare format"

# the check can fail: a source string the catalogue lacks
mkdir -p "$work/src" && cp -r "$root/src" "$root/tools" "$work/" && mkdir -p "$work/po"
printf '#include "core/i18n.h"\nconst char *probe(void) { return _("a string nobody translated"); }\n' >"$work/src/probe.c"
"$work/tools/update_po.sh" "$work/probe.pot" 2>/dev/null
msgcmp "$root/po/zh_CN.po" "$work/probe.pot" >/dev/null 2>&1 && bad "msgcmp passed a new untranslated string" \
    || ok "a new marked string without a translation fails msgcmp"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
