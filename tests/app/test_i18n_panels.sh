#!/usr/bin/env bash
# The interface in Chinese has no untranslated string in any panel: every panel and mode is rendered
# headless (`screenshot --lang zh`) with STEPFORMER_I18N_MARK=1, and tests/app/i18n_check.py finds
# every drawn text either from the catalogue or data. All of it runs in the environment of a fresh
# Debian machine or CI (env -i: root, no LANG, no zh_CN locale generated). The check must be able to
# fail: a catalogue lacking one translation, and a drawn string that skipped _(), both fail it.
# usage: test_i18n_panels.sh STEPFORMER_BINARY TESTS_DATA_DIR
set -u
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
models=$root/assets/models
check=$root/tests/app/i18n_check.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }
# a fresh machine: nothing of this shell's locale
# a sanitized run (tests/sanitize/run-window.sh) needs its own variables through env -i
sanenv=()
for v in STEPFORMER_BIN ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS; do [ -n "${!v:-}" ] && sanenv+=("$v=${!v}"); done
clean() { env -i PATH=/usr/bin:/bin HOME="$work" "${sanenv[@]}" "$@"; }

# ---- 1. the default follows the locale, and Chinese works without a generated zh_CN locale -------
shot_env() { # name, env assignments..., then screenshot arguments after --
    local name=$1
    shift
    local envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    clean "${envs[@]}" STEPFORMER_TEXT_LOG="$work/$name.log" "$bin" screenshot -o "$work/$name.png" "$@" >"$work/$name.out" 2>&1
}
has_cjk() { python3 -c 'import re,sys; sys.exit(0 if re.search("[\u4e00-\u9fff]", open(sys.argv[1]).read().replace("源序列","").replace("模型结构","")) is None else 1)' "$1"; }
title_line() { grep -c "$2" "$work/$1.log"; }
m=$models/reverse-at.safetensors
shot_env none -- --model "$m" --input abc
shot_env lang LANG=zh_CN.UTF-8 -- --model "$m" --input abc
shot_env language LANG=C LANGUAGE=zh_CN:en -- --model "$m" --input abc
shot_env lcall LC_ALL=zh_CN.UTF-8 LANG=en_US.UTF-8 -- --model "$m" --input abc
shot_env flag LANG=zh_CN.UTF-8 -- --model "$m" --input abc --lang en
[ "$(title_line none 'Architecture · AT')" = 1 ] && ok "no locale at all: English" || bad "no locale: $(head -3 "$work/none.log")"
for n in lang language lcall; do
    [ "$(title_line $n '模型结构 · AT')" = 1 ] && ok "$n: Chinese from the environment ($(grep -m1 '模型结构' "$work/$n.log"))" \
        || bad "$n: not Chinese: $(cat "$work/$n.out") $(head -3 "$work/$n.log")"
done
[ "$(title_line flag 'Architecture · AT')" = 1 ] && ok "--lang en beats LANG=zh_CN.UTF-8" || bad "--lang en: $(head -3 "$work/flag.log")"
clean "$bin" screenshot --model "$m" --lang fr -o "$work/fr.png" >"$work/fr.out" 2>&1
[ $? = 2 ] && grep -q -- '--lang must be en or zh, not "fr"' "$work/fr.out" && ok "--lang fr is refused: $(cat "$work/fr.out")" \
    || bad "--lang fr: $(cat "$work/fr.out")"
# the catalogue is found through the build folder (or STEPFORMER_LOCALE); without one, a clear error
clean STEPFORMER_LOCALE="$work/nowhere" "$bin" screenshot --model "$m" --lang zh -o "$work/x.png" >"$work/nocat.out" 2>&1
grep -q "no 中文 catalogue: $work/nowhere/zh_CN/LC_MESSAGES/stepformer.mo is missing" "$work/nocat.out" \
    && ok "a missing catalogue is named: $(cat "$work/nocat.out")" || bad "missing catalogue: $(cat "$work/nocat.out")"

# ---- 2. every panel and mode in Chinese, through the checker --------------------------------------
n_shots=0
shot() { # name, then screenshot arguments; the marked text log goes to $work/zh-NAME.log
    n_shots=$((n_shots + 1))
    if ! clean STEPFORMER_I18N_MARK=1 STEPFORMER_TEXT_LOG="$work/zh-$1.log" "$bin" screenshot --lang zh \
        -o "$work/zh-$1.png" "${@:2}" >"$work/zh-$1.out" 2>&1; then
        bad "screenshot $1 failed: $(cat "$work/zh-$1.out")"
    fi
}
rev=$models/reverse-at.safetensors
shot end --model "$rev" --input abcdef
shot start --model "$rev" --input abcdef --at encoder.embed
shot enc-hover --model "$rev" --input abcdef --at encoder.layer1.self_attn.head1.weights --mouse 700,420
shot enc-q-hover --model "$rev" --input abcdef --at encoder.layer1.self_attn.head2.q --mouse 700,420
shot dec-mask --model "$rev" --input abcdef --at decoder.layer1.self_attn.mask --pass 4
shot dec-mask-hover --model "$rev" --input abcdef --at decoder.layer1.self_attn.mask --pass 4 --mouse 800,380
shot cross --model "$rev" --input abcdef --at decoder.layer2.cross_attn.head1.weights --pass 5
shot scores --model "$rev" --input abcdef --at decoder.layer2.cross_attn.head3.scores --pass 3
shot head-out --model "$rev" --input abcdef --at decoder.layer1.self_attn.head4.head_out --pass 3
shot residual --model "$rev" --input abcdef --at decoder.layer2.ffn.norm --pass 4
shot ffn --model "$rev" --input abcdef --at encoder.layer2.ffn.hidden
shot final-norm --model "$rev" --input abcdef --at encoder.norm
shot probs --model "$rev" --input abcdef --at generator.probs --pass 3 --theme dark
nat=$models/reverse-nat.safetensors
shot nat-start --model "$nat" --input abcdef --at encoder.embed
shot nat-end --model "$nat" --input abcdef
shot nat-cut --model "$nat" --input abcdef --nat-length end
shot nat-cross --model "$nat" --input abcdef --at decoder.layer2.cross_attn.head1.weights
zh=$models/number-zh-at.safetensors
shot number-zh --model "$zh" --input "one thousand two hundred five" --at decoder.layer2.cross_attn.head3.weights --pass 5
shot number-zh-nat --model "$models/number-zh-nat.safetensors" --input "one thousand two hundred five"
mixed=$models/number-words-mixed-at.safetensors
shot compare-0 --model "$mixed" --input 999 --compare 0
shot compare-end --model "$mixed" --input 999 --compare 9 --batch 40
shot compare-distilled --model "$mixed" --input 999 --compare 9 --distilled --batch 40
shot compare-cut --model "$mixed" --input 999 --compare 2 --nat-length end
# every Chinese lesson's first two slides: the lesson panel (its own text is data: --text)
for f in "$root"/lessons/zh/*.md; do
    name=$(basename "$f" .md)
    for slide in 1 2; do
        if ! clean STEPFORMER_I18N_MARK=1 STEPFORMER_TEXT_LOG="$work/lesson-$name-$slide.log" "$bin" screenshot --lang zh \
            --lesson "$name" --slide $slide -o "$work/lesson-$name-$slide.png" >"$work/lesson.out" 2>&1; then
            bad "lesson $name slide $slide: $(cat "$work/lesson.out")"
        fi
    done
done
data=(--data abcdef --data "one thousand two hundred five" --data 999)
model_args=()
for f in "$models"/*.safetensors; do model_args+=(--model "$f"); done
logs=("$work"/zh-*.log)
[ "${#logs[@]}" = "$n_shots" ] && ok "$n_shots panels and modes rendered in Chinese" || bad "only ${#logs[@]} of $n_shots logs"
lines=$(cat "${logs[@]}" | wc -l)
marked=$(cat "${logs[@]}" | grep -c $'\x01')
[ "$marked" -gt 1000 ] && ok "$lines drawn texts, $marked through the catalogue" || bad "only $marked of $lines texts marked"
if python3 "$check" --po "$root/po/zh_CN.po" "${model_args[@]}" "${data[@]}" "${logs[@]}" >"$work/check.txt"; then
    ok "no untranslated string: $(tail -1 "$work/check.txt")"
else
    bad "untranslated strings:"
    cat "$work/check.txt"
fi
lesson_logs=("$work"/lesson-*.log)
texts=()
for f in "$root"/lessons/zh/*.md; do texts+=(--text "$f"); done
# the inputs and targets the lessons' headers set are data too (shortened to fit their boxes)
while IFS= read -r v; do texts+=(--data "$v"); done < <(sed -n 's/^\(input\|target\): *//p' "$root"/lessons/zh/*.md | sort -u)
if python3 "$check" --po "$root/po/zh_CN.po" "${model_args[@]}" "${texts[@]}" "${lesson_logs[@]}" >"$work/check-lessons.txt"; then
    ok "${#lesson_logs[@]} lesson slides: no untranslated string ($(tail -1 "$work/check-lessons.txt"))"
else
    bad "untranslated strings beside the lessons:"
    cat "$work/check-lessons.txt"
fi
grep -q '课程' "${lesson_logs[@]}" && grep -q 'PgDn ▶' "${lesson_logs[@]}" || bad "no lesson panel in the lesson shots"
# the panels we meant to cover are in those logs (a title or caption of each, marks taken out)
cat "${logs[@]}" | tr -d '\001\002' >"$work/all-plain.txt"
for want in '模型结构 · AT' '模型结构 · NAT' '输出分布' '所有头' '残差流' 'NAT 长度分类器' '解码器 第 2 层 · 交叉注意力' \
    '查询 c → 键 c：' '维度' '斜线' '已解码' 'AT · 自回归' 'NAT · 非自回归' '批量测试' '蒸馏 NAT' '共同时钟' '完全正确' \
    '截到第一个' '在编码器之后运行' '还没有解码' '正弦位置编码' '隐藏层'; do
    grep -q "$want" "$work/all-plain.txt" && pass=$((pass + 1)) || bad "no panel drew “$want”"
done
echo "ok: every expected panel title and caption appears"

# ---- 3. the check fails when it should -------------------------------------------------------------
# (a) a translation missing from the catalogue: "source" shows in English
mkdir -p "$work/locale/zh_CN/LC_MESSAGES"
python3 - "$root/po/zh_CN.po" "$work/lacking.po" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace('msgid "source"\nmsgstr "源序列"', 'msgid "source"\nmsgstr ""')
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
msgfmt -o "$work/locale/zh_CN/LC_MESSAGES/stepformer.mo" "$work/lacking.po"
clean STEPFORMER_LOCALE="$work/locale" STEPFORMER_I18N_MARK=1 STEPFORMER_TEXT_LOG="$work/lacking.log" \
    "$bin" screenshot --lang zh --model "$rev" --input abcdef -o "$work/lacking.png" >/dev/null 2>&1
if python3 "$check" --po "$work/lacking.po" "${model_args[@]}" "${data[@]}" "$work/lacking.log" >"$work/lacking.txt"; then
    bad "a catalogue without the translation of “source” passed the check"
else
    grep -q 'catalogue has no translation: “source”' "$work/lacking.txt" && ok "a missing translation fails the check: $(grep -m1 'no translation' "$work/lacking.txt" | sed 's/^ *//')" \
        || bad "the missing translation was not named: $(cat "$work/lacking.txt")"
fi
# (b) a string drawn without _(): the log of a real panel plus one English line, and one English
# word put into a translated format (a %s filled with an untranslated word)
cp "$work/zh-end.log" "$work/skipped.log"
printf 'press Space to start\n' >>"$work/skipped.log"
printf '\x01长度\x01（由长度分类器决定）\x02：5（长度分类器预测 5）\x02\n' >>"$work/skipped.log"
printf '\x01长度classifier：5（长度分类器预测 5）\x02\n' >>"$work/skipped.log"
python3 "$check" --po "$root/po/zh_CN.po" "${model_args[@]}" "${data[@]}" "$work/skipped.log" >"$work/skipped.txt"
rc=$?
grep -q 'not from the catalogue: “press”' "$work/skipped.txt" && grep -q 'put into a translation, not from the catalogue: “classifier”' "$work/skipped.txt" &&
    [ $rc = 1 ] && [ "$(tail -1 "$work/skipped.txt")" = "$(($(wc -l <"$work/skipped.log"))) drawn texts, 2 with untranslated parts" ] &&
    ok "an English string outside the catalogue fails, and so does one put into a translation" ||
    bad "skipped strings: rc $rc, $(cat "$work/skipped.txt")"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
