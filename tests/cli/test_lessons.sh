#!/usr/bin/env bash
# Lessons headless: `stepformer lesson check` on all of lessons/ (both languages); and every slide
# of every lesson played through the window's player and frame (`lesson check -v`), its state
# (model, input, decoder, place, pass, compare) compared with what the lesson's headers say,
# computed here independently (python), and its text laid out without overflow. The fixtures in
# tests/data/lessons test the format itself: a header mistake is reported with file and line and
# the other lessons still list and play.
# usage: test_lessons.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$1
data=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

# What the headers say each slide shows, one line per slide: "slide N | model M | input I |
# decoder D | place P | pass K | compare C" (input "-" when the lesson leaves it to the task's
# example, pass "-" when it does not matter).
expect() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
# slides: split on a thematic break with a blank line before it (outside fenced code)
slides, cur, fence, prev_blank = [], [], False, True
for line in text:
    if line.lstrip().startswith("```"): fence = not fence
    if not fence and prev_blank and re.fullmatch(r" {0,3}((-[ \t]*){3,}|(\*[ \t]*){3,}|(_[ \t]*){3,})", line):
        slides.append(cur); cur = []
    else:
        cur.append(line)
    prev_blank = line.strip() == ""
slides.append(cur)
st = {"model": "reverse-at", "input": "", "place": "end", "pass": "0", "compare": "off"}
n = 0
for s in slides:
    while s and not s[0].strip(): s = s[1:]
    if not s: continue
    n += 1
    if re.match(r" {0,3}[a-z][a-z-]*:( |$)", s[0]):
        for line in s:
            if not line.strip(): break
            k, v = line.split(":", 1)
            st[k.strip()] = v.strip()
    model = st["model"]
    decoder = "NAT" if re.search(r"-nat(-distilled)?$", model) else "AT"
    place = st["place"]
    per_pass = place.startswith(("decoder.", "generator."))
    p = "-" if place == "end" or not per_pass else (st["pass"] if st["pass"] != "0" else "1")
    print(f"slide {n} | model {model} | input {st['input'] or '-'} | decoder {decoder} | place {place} | pass {p} | compare {st['compare']}")
PY
}

# The played state, in the same shape (input and pass masked where the lesson does not say them;
# `place: end` is the decode's last step).
played() {
    "$bin" lesson check -v "$1" 2>"$work/err" | grep '^slide ' | python3 -c '
import sys
exp = [l.rstrip("\n").split(" | ") for l in open(sys.argv[1], encoding="utf-8")]
for i, line in enumerate(sys.stdin):
    got = line.rstrip("\n").split(" | ")
    e = exp[i] if i < len(exp) else got
    if e[2] == "input -": got[2] = "input -"
    if e[5] == "pass -": got[5] = "pass -"
    if e[4] == "place end": got[4] = "place end" if got[7] == "end 1" else got[4] + " (not the last step)"
    print(" | ".join(got))
' "$work/expected"
}

play_all() { # $1: a lessons folder
    for f in "$1"/en/*.md "$1"/zh/*.md; do
        [ -f "$f" ] || continue
        case "$f" in *broken*) continue ;; esac
        expect "$f" >"$work/expected"
        played "$f" >"$work/played"
        n=$(wc -l <"$work/expected")
        if diff <(cut -d'|' -f1-7 "$work/played" | sed 's/ *$//') <(sed 's/ *$//' "$work/expected") >"$work/diff"; then
            ok "$(basename "$(dirname "$f")")/$(basename "$f"): $n slides play in the state their headers say"
        else
            bad "$f: played state differs from the headers (< played, > headers):"
            cat "$work/diff" "$work/err"
        fi
        grep -q 'overflow 1' "$work/played" && bad "$f: a slide's text overflows its panel" || true
    done
}

# 1. the course: every lesson of lessons/ checks and plays
if [ -d "$root/lessons" ]; then
    if STEPFORMER_LESSONS="$root/lessons" "$bin" lesson check >"$work/out" 2>&1; then
        ok "stepformer lesson check passes on all of lessons/ ($(grep -c '^ok:' "$work/out") files)"
    else
        bad "stepformer lesson check on lessons/:"; cat "$work/out"
    fi
    STEPFORMER_LESSONS="$root/lessons" play_all "$root/lessons"
else
    echo "note: no lessons/ folder yet; the fixtures below stand for it"
fi

# 2. the fixtures: the format
export STEPFORMER_LESSONS=$data/lessons
play_all "$data/lessons"
"$bin" lesson check >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" = 2 ] && ok "lesson check exits 2 when a lesson is wrong" || bad "lesson check exited $rc"
grep -q "03-broken.md:2: unknown key 'modle'" "$work/err" && ok "the header mistake is named with file and line" \
    || { bad "no file:line for the header mistake:"; cat "$work/err"; }
[ "$(grep -c '^ok:' "$work/out")" = 3 ] && ok "the three other fixture lessons still check" || { bad "other lessons:"; cat "$work/out"; }
"$bin" lesson list >"$work/list"
grep -q "reverse .* 4 slides  Reversing a word" "$work/list" && grep -q "把单词倒过来" "$work/list" &&
    grep -q "broken .*does not open: .*03-broken.md:2:" "$work/list" && ok "lesson list: titles and lengths per language, the broken one with its error" \
    || { bad "lesson list:"; cat "$work/list"; }
# a slide whose place is not in the decode: named with its line
printf 'model: reverse-at\ninput: abc\nplace: decoder.layer1.cross_attn.head1.weights\npass: 9\n\n# Too far\n' >"$work/far.md"
"$bin" lesson check "$work/far.md" 2>"$work/err" >/dev/null
grep -q "far.md:4: pass: no place decoder.layer1.cross_attn.head1.weights in pass 9" "$work/err" && ok "a place beyond the decode is named with its line" \
    || { bad "pass beyond the decode:"; cat "$work/err"; }
printf 'model: reverse-at\ninput: abc!\n\n# Bad input\n' >"$work/input.md"
"$bin" lesson check "$work/input.md" 2>"$work/err" >/dev/null
grep -q "input.md:2: input: " "$work/err" && ok "an input outside the vocabulary is named with its line" || { bad "bad input:"; cat "$work/err"; }
printf 'model: no-such-model\n\n# Bad model\n' >"$work/model.md"
"$bin" lesson check "$work/model.md" 2>"$work/err" >/dev/null
grep -q "model.md:1: model: no model 'no-such-model'" "$work/err" && ok "a missing model is named with its line" || { bad "missing model:"; cat "$work/err"; }
printf '# Missing image\n\n![x](../img/none.png)\n' >"$work/img.md"
"$bin" lesson check "$work/img.md" 2>"$work/err" >/dev/null
grep -q "img.md:3: no PNG image" "$work/err" && ok "a missing image is named with its line" || { bad "missing image:"; cat "$work/err"; }
# a highlight that finds nothing on screen (token 2 before it is decoded) is named with its line
printf 'model: reverse-at\ninput: abc\nplace: decoder.layer1.cross_attn.head1.weights\npass: 2\nhighlight: token 2\n\n# Too early\n' >"$work/hl.md"
"$bin" lesson check "$work/hl.md" 2>"$work/err" >/dev/null
grep -q "hl.md:5: highlight: nothing it names is on screen on slide 1" "$work/err" && ok "a highlight of nothing on screen is named with its line" \
    || { bad "missed highlight:"; cat "$work/err"; }
# a slide too long for its panel is an error of check
{ printf '# Long\n\n'; for i in $(seq 60); do printf -- '- line %d of a slide far too long for its panel\n' "$i"; done; } >"$work/long.md"
"$bin" lesson check "$work/long.md" 2>"$work/err" >/dev/null
grep -q "long.md:1: slide 1's text does not fit" "$work/err" && ok "text that overflows its panel is reported" || { bad "overflow:"; cat "$work/err"; }
# screenshots of a slide, English and Chinese, without a display
"$bin" screenshot --lesson reverse --slide 2 --lang en -o "$work/en.png" >/dev/null &&
    "$bin" screenshot --lesson 01 --slide 1 --lang zh -o "$work/zh.png" >/dev/null && [ -s "$work/en.png" ] && [ -s "$work/zh.png" ] &&
    ok "screenshot --lesson renders an English and a Chinese slide" || bad "screenshot --lesson failed"
"$bin" screenshot --lesson reverse --slide 9 --lang en -o "$work/x.png" 2>"$work/err" >/dev/null
[ $? = 2 ] && grep -q "has 4 slides, not 9" "$work/err" && ok "--slide beyond the lesson is refused" || { bad "--slide 9:"; cat "$work/err"; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
