# test_screenshot_cli.sh: `stepformer screenshot --at PLACE --pass N` with place names counting from
# 1 (decoder.layer2.cross_attn.head1.weights, pass 5 = the pass that emits output token 5), the old
# 0-based spelling still read and landing on the same step, and bad places refused naming --at.
# Usage: bash test_screenshot_cli.sh <stepformer binary> <tests/data dir>
set -u
bin=$1
model=$(dirname "$0")/../../assets/models/reverse-at.safetensors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; [ -s "$work/err" ] && sed 's/^/     /' "$work/err" | head -20; }

# shot NAME EXPECTED_STATUS ARGS...: a 640x360 screenshot of the reverse model on "abcd" (5 passes)
shot() {
    local name=$1 want=$2
    shift 2
    "$bin" screenshot --model "$model" --input abcd --size 640x360 "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit status $got, expected $want" >>"$work/err"
        not_ok "$name"
        return 1
    fi
    return 0
}

shot "new spelling" 0 --at decoder.layer2.cross_attn.head1.weights --pass 5 -o "$work/new.png" &&
    ok "decoder.layer2.cross_attn.head1.weights --pass 5 renders"
shot "old spelling" 0 --at decoder.1.cross_attn.head0.weights --pass 5 -o "$work/old.png" &&
    ok "decoder.1.cross_attn.head0.weights --pass 5 renders"
cmp -s "$work/new.png" "$work/old.png" && ok "both spellings show the same step" || not_ok "the spellings show different steps"
shot "pass 1" 0 --at decoder.layer2.cross_attn.head1.weights --pass 1 -o "$work/p1.png" &&
    ! cmp -s "$work/new.png" "$work/p1.png" && ok "pass 1 is another step than pass 5" || not_ok "pass 1 = pass 5"
shot "encoder any pass" 0 --at encoder.layer1.self_attn.head2.weights --pass 3 -o "$work/enc.png" &&
    ok "the encoder's steps are found whatever the pass"

# bad places: exit 2, one line naming --at (or --pass)
bad() {
    local name=$1 opt=$2
    shift 2
    shot "$name" 2 "$@" -o "$work/bad.png" || return
    if [ "$(wc -l <"$work/err")" -eq 1 ] && grep -qF -- "$opt" "$work/err" && [ ! -e "$work/bad.png" ]; then
        ok "$name: $(cat "$work/err")"
    else
        echo "expected one line naming $opt and no file" >>"$work/err"
        not_ok "$name"
    fi
}
bad "not a place" --at --at decoder.layer0.cross_attn.head1.weights
bad "head 0 in the new spelling" --at --at decoder.layer1.cross_attn.head0.weights
bad "a layer the model lacks" --at --at decoder.layer9.ffn.out
bad "a pass past the end" --at --at decoder.layer1.ffn.out --pass 6
bad "pass 0" --pass --at decoder.layer1.ffn.out --pass 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
