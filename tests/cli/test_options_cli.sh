# test_options_cli.sh: one parser, one rule (issue 14, defects 1, 3 and 4). Every command, and the
# window, refuses each bad value with exit status 2 and exactly one line on stderr that names the
# option, before doing any work: no window opens, no training starts, no file is written. Bytes
# from an argument never reach the terminal raw, and a huge value gives a short line.
# Usage: bash test_options_cli.sh <stepformer binary> <tests/data dir>
set -u
bin=$1
at=$2/reference/tiny-at.safetensors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
touch "$work/regular-file"

ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$work/err" | head -5; }

# bad OPTION ARGS...: exit 2, one line on stderr naming OPTION, no control bytes, nothing written
bad() {
    local opt=$1
    shift
    timeout 60 "$bin" "$@" >"$work/out" 2>"$work/err"
    local got=$? lines
    lines=$(wc -l <"$work/err")
    local what
    what="$(printf '%s' "stepformer $*" | head -c 120 | LC_ALL=C tr -d '\000-\037\177-\377') -> $(head -1 "$work/err" | head -c 200)"
    if [ "$got" -ne 2 ]; then
        echo "exit status $got, expected 2" >>"$work/err"
        not_ok "$what"
    elif [ "$lines" -ne 1 ]; then
        echo "$lines lines on stderr, expected 1" >>"$work/err"
        not_ok "$what"
    elif ! grep -qF -- "$opt" "$work/err"; then
        echo "the message does not name $opt" >>"$work/err"
        not_ok "$what"
    elif LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n' <"$work/err"); then
        echo "a control byte reached stderr" >>"$work/err"
        not_ok "$what"
    elif [ -e "$work/never.png" ] || [ -e "$work/never.safetensors" ]; then
        not_ok "$what (a file was written)"
    else
        ok "$what"
    fi
}

# the window (no command): refused before any window opens (there is no display here)
bad --size --size 1600x900junk
bad --size --size 100x100
bad --size --size 1600x
bad --theme --theme bogus
bad --colormap --colormap bogus
bad --model --model
bad --export-dir --export-dir "$work/missing"
bad '"--bogus"' --bogus

# decode
bad --beam decode --model "$at" --input ab --beam 0
bad --beam decode --model "$at" --input ab --beam 2x
bad --nat-length decode --model "$at" --input ab --nat-length bogus
bad --format decode --model "$at" --input ab --format xml
bad --input decode --model "$at"
bad --input decode --model "$at" --input ""

# train: every value and the output checked before training starts
bad --task train --task bogus -o "$work/never.safetensors"
bad -o train --task reverse -o "$work/missing/never.safetensors"
bad -o train --task reverse -o "$work/regular-file/never.safetensors"
bad -o train --task reverse -o "$work"
bad --steps train --task reverse --steps 12junk -o "$work/never.safetensors"
bad --lr train --task reverse --lr nan -o "$work/never.safetensors"
bad --decoder train --task reverse --decoder bogus -o "$work/never.safetensors"
bad -o train --task reverse
grep -q training "$work/out" && not_ok "train started before refusing" || ok "train refused before training"

# eval
bad --n eval --model "$at" --n 0
bad --format eval --model "$at" --format bogus

# export
bad --nat-length export --model "$at" --input ab --nat-length bogus -o "$work/never.png"
bad --theme export --model "$at" --input ab --theme bogus -o "$work/never.png"
bad --kind export --model "$at" --input ab --kind bogus -o "$work/never.png"
bad --layer export --model "$at" --input ab --layer 0 -o "$work/never.png"
bad --layer export --model "$at" --input ab --layer 9 -o "$work/never.png"
bad --head export --model "$at" --input ab --head 2x -o "$work/never.png"
bad --format export --model "$at" --input ab --format bmp -o "$work/never.png"
bad --scale export --model "$at" --input ab --scale 5 -o "$work/never.png"
bad -o export --model "$at" --input ab -o "$work/missing/never.png"

# compare
bad --task compare --task bogus
bad --n compare --task reverse --n abc
bad --nat-length compare --task reverse --nat-length bogus

# bench
bad --threads bench --threads 0
bad --paper bench --paper
bad --frames bench --gui --frames 5

# keys
bad '"--bogus"' keys --bogus

# screenshot
bad --size screenshot --model "$at" --size 1600x900junk -o "$work/never.png"
bad --mouse screenshot --model "$at" --mouse abc -o "$work/never.png"
bad --mouse screenshot --model "$at" --mouse 10 -o "$work/never.png"
bad --nat-length screenshot --model "$at" --nat-length bogus -o "$work/never.png"
bad --theme screenshot --model "$at" --theme bogus -o "$work/never.png"
bad --pass screenshot --model "$at" --pass 0 -o "$work/never.png"
bad --compare screenshot --model "$at" --compare abc -o "$work/never.png"
bad --distilled screenshot --model "$at" --distilled -o "$work/never.png"
bad -o screenshot --model "$at" -o "$work/missing/never.png"
grep -q '^stepformer: export' "$work/err" && not_ok "screenshot's message starts with export:" || ok "screenshot names -o, not export"
bad -o screenshot --model "$at"

# bytes from an argument: escaped, and a 100 KB value gives one short line
big=$(head -c 100000 /dev/zero | tr '\0' 'x')
bad --beam decode --model "$at" --input ab --beam "$big"
[ "$(wc -c <"$work/err")" -lt 400 ] && ok "a 100 KB value gives a $(wc -c <"$work/err")-byte line" || not_ok "a 100 KB value gives a long line"
bad --format decode --model "$at" --input ab --format $'\e[2J\r\nstepformer: all good'
grep -qF '\x1B[2J\r\nstepformer: all good' "$work/err" && ok "escapes in a value are shown, not sent" || not_ok "escapes in a value"
bad 'unknown option "--\xFF"' decode --model "$at" --input ab $'--\xff'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
