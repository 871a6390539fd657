#!/bin/sh
# tools/update_po.sh: regenerates po/stepformer.pot from the sources (every _(), N_() and P_()) and
# merges it into each po/LANG.po (new strings arrive untranslated, changed ones fuzzy). Then
# translate what `msgattrib --untranslated --only-fuzzy` lists; docs/i18n.md says the rest.
# Usage: tools/update_po.sh [OUT.pot]   (OUT.pot: write the template there and merge nothing; the
# test that checks po/stepformer.pot is up to date uses it)
set -eu
cd "$(dirname "$0")/.."
out=${1:-po/stepformer.pot}
# Sorted file names and file-only locations: the template changes only when a string does.
find src -name '*.c' | LC_ALL=C sort > "$out.files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 \
  --add-comments=TRANSLATORS: --add-location=file --package-name=stepformer \
  --msgid-bugs-address=none --files-from="$out.files" --output="$out"
rm -f "$out.files"
# xgettext stamps the creation time; a fixed one keeps the file still between runs.
sed -i 's/^"POT-Creation-Date: .*\\n"$/"POT-Creation-Date: 2026-11-30 00:00+0000\\n"/' "$out"
[ $# -gt 0 ] && exit 0
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --add-location=file "$po" "$out"
done
