# test_decode_cli.sh: `stepformer decode` on the reference models (tests/data/reference), in text
# and JSON. The JSON of a teacher-forced AT case and of a NAT case must equal PyTorch's numbers in
# the reference expected.json (to 1e-4); shapes, causal masking and the errors (unknown symbol,
# input too long, missing model) are checked too.
# Usage: bash test_decode_cli.sh <stepformer binary> <tests/data dir>
set -u
bin=$1
ref=$2/reference
at=$ref/tiny-at.safetensors
nat=$ref/tiny-nat.safetensors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; [ -s "$work/err" ] && sed 's/^/     /' "$work/err" | head -20; }

# run NAME EXPECTED_STATUS ARGS...: runs the binary, keeping stdout in $work/out, stderr in $work/err.
run() {
    local name=$1 want=$2
    shift 2
    "$bin" "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "exit status $got, expected $want" >>"$work/err"
        not_ok "$name"
        return 1
    fi
    return 0
}

# expect NAME PATTERN FILE: grep -q the pattern (fixed string) in the file.
expect() {
    if grep -qF -- "$2" "$3"; then ok "$1"; else
        { echo "no \"$2\" in:"; cat "$3"; } >>"$work/err"
        not_ok "$1"
    fi
}

# pycheck NAME SCRIPT [ARGS...]: runs a python check over $work/out (the JSON), passing ARGS.
pycheck() {
    local name=$1 script=$2
    shift 2
    if python3 -c "$script" "$work/out" "$@" >"$work/err" 2>&1; then
        ok "$name $(tr '\n' ' ' <"$work/err")"
    else
        not_ok "$name"
    fi
}

# The reference case k of a model as `--input` and `--target` text: ids 4.. are symbols of the
# vocabularies in the model file's own metadata (single characters, so they join without spaces).
case_text() { # model expected.json k field(src_ids|target)
    python3 - "$@" <<'EOF'
import json, struct, sys
model, expected, k, field = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
raw = open(model, "rb").read()
meta = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])["__metadata__"]
case = json.load(open(expected))["cases"][k]
if field == "src_ids":
    vocab, ids = json.loads(meta["src_vocab"]), case["src_ids"]
else:
    vocab, ids = json.loads(meta["tgt_vocab"]), case["tgt_in_ids"][1:]  # drop <begin>
print("".join(vocab[i] for i in ids))
EOF
}

# ---- text format --------------------------------------------------------------------------------

if run "AT text" 0 decode --model "$at" --input abc; then
    expect "AT text: steps" "step  1:" "$work/out"
    expect "AT text: output" "output: " "$work/out"
    expect "AT text: source" "source (3 tokens): a b c" "$work/out"
fi
if run "NAT text" 0 decode --model "$nat" --input fbbaa; then
    expect "NAT text: length classifier" "length classifier: 10; decoding 10 positions in one pass" "$work/out"
    expect "NAT text: positions" "position 10:" "$work/out"
    expect "NAT text: output" "output: " "$work/out"
fi
if run "AT beam 3" 0 decode --model "$at" --input fbbaa --beam 3; then
    expect "AT beam 3: output" "output: " "$work/out"
fi
run "decode --help" 0 decode --help && expect "decode --help: usage" "usage: stepformer decode" "$work/out"

# ---- JSON ---------------------------------------------------------------------------------------

# Keys and shapes: logits [T][Vt], encoder_self [Le][H][S][S], decoder_self [Ld][H][T][T],
# cross [Ld][H][T][S]; the numbers of the tiny models are Le = Ld = H = 2, Vt = 12.
shapes='
import json, sys
d = json.load(open(sys.argv[1]))
nat = sys.argv[2] == "nat"
def shape(a):
    s = []
    while isinstance(a, list):
        s.append(len(a))
        a = a[0] if a else None
    return s
for k in ("source", "decoder_input", "output", "logits", "attention"):
    assert k in d, "no key " + k
S, T = len(d["source"]), len(d["decoder_input"])
assert S == int(sys.argv[3]), (S, sys.argv[3])
assert T > 0, "no decoder positions"
assert shape(d["logits"]) == [T, 12], shape(d["logits"])
att = d["attention"]
assert shape(att["encoder_self"]) == [2, 2, S, S], shape(att["encoder_self"])
assert shape(att["decoder_self"]) == [2, 2, T, T], shape(att["decoder_self"])
assert shape(att["cross"]) == [2, 2, T, S], shape(att["cross"])
if nat:
    assert shape(d["length"]["logits"]) == [11], shape(d["length"]["logits"])
    assert isinstance(d["length"]["predicted"], int)
    assert d["length"]["predicted"] == max(range(11), key=lambda i: d["length"]["logits"][i])
else:
    assert "length" not in d
'
if run "AT json" 0 decode --model "$at" --input fbbaa --format json; then
    pycheck "AT json: keys and shapes" "$shapes" at 5
    # greedy decoding is causal: each decoder self-attention row is a distribution over the
    # positions up to its own, and exactly zero after it
    pycheck "AT json: decoder_self rows sum to 1, zero above the diagonal" '
import json, sys
d = json.load(open(sys.argv[1]))
for layer in d["attention"]["decoder_self"]:
    for head in layer:
        for i, row in enumerate(head):
            assert abs(sum(row) - 1) < 1e-5, (i, sum(row))
            assert all(v == 0 for v in row[i + 1:]), (i, row)
            assert all(v > 0 for v in row[:i + 1]), (i, row)
'
fi
if run "NAT json" 0 decode --model "$nat" --input fbbaa --format json; then
    pycheck "NAT json: keys, shapes, length" "$shapes" nat 5
fi

# Against PyTorch: the teacher-forced AT cases (decoder input <begin> + target) and the NAT cases
# decoded over all max_len positions give the reference logits and every attention map.
compare='
import json, sys
d = json.load(open(sys.argv[1]))
case = json.load(open(sys.argv[2]))["cases"][int(sys.argv[3])]
worst = 0.0
def close(what, got, want):
    global worst
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (what, "length")
        for g, w in zip(got, want):
            close(what, g, w)
    else:
        worst = max(worst, abs(got - want))
        assert abs(got - want) <= 1e-4, (what, got, want)
close("logits", d["logits"], case["logits"])
close("encoder_self", d["attention"]["encoder_self"], case["enc_self_attn"])
close("decoder_self", d["attention"]["decoder_self"], case["dec_self_attn"])
close("cross", d["attention"]["cross"], case["cross_attn"])
if "length_logits" in case:
    close("length logits", d["length"]["logits"], case["length_logits"])
    assert d["length"]["predicted"] == case["predicted_length"]
print("max |diff| %.2g" % worst)
'
for k in 1 3; do
    src=$(case_text "$at" "$ref/tiny-at.expected.json" $k src_ids)
    tgt=$(case_text "$at" "$ref/tiny-at.expected.json" $k target)
    if run "AT case $k json" 0 decode --model "$at" --input "$src" --target "$tgt" --format json; then
        pycheck "AT case $k (--input $src --target $tgt): logits and attention equal PyTorch's" "$compare" \
            "$ref/tiny-at.expected.json" $k
    fi
done
for k in 1 2; do
    src=$(case_text "$nat" "$ref/tiny-nat.expected.json" $k src_ids)
    if run "NAT case $k json" 0 decode --model "$nat" --input "$src" --nat-length end --format json; then
        pycheck "NAT case $k (--input $src --nat-length end): logits, attention, length equal PyTorch's" "$compare" \
            "$ref/tiny-nat.expected.json" $k
    fi
done

# ---- errors -------------------------------------------------------------------------------------

run "unknown symbol exits 2" 2 decode --model "$at" --input abz &&
    expect "unknown symbol is named with its position" '"z" (character 3) is not in the vocabulary' "$work/err"
run "unknown target symbol exits 2" 2 decode --model "$at" --input ab --target aq &&
    expect "unknown target symbol is named" 'target: "q" (character 2)' "$work/err"
run "input too long exits 2" 2 decode --model "$at" --input abcdefabcde &&
    expect "input too long says the limit" "11 tokens is longer than this model's limit of 10" "$work/err"
run "missing model exits 2" 2 decode --model "$work/no-such.safetensors" --input abc &&
    expect "missing model is named" "$work/no-such.safetensors" "$work/err"
printf 'not a model' >"$work/bad.safetensors"
run "malformed model exits 2" 2 decode --model "$work/bad.safetensors" --input abc &&
    expect "malformed model: what it is is named" "this is a text file, not a safetensors file" "$work/err"
printf '\377\377\377\377\377\377\377\000junk' >"$work/bad-length.safetensors"
run "bad header length exits 2" 2 decode --model "$work/bad-length.safetensors" --input abc &&
    expect "bad header length: the problem is named" "header length" "$work/err"
run "folder as model exits 2" 2 decode --model "$work" --input abc &&
    expect "folder as model is named" "it is a folder" "$work/err"
run "no --model: the bundled reverse model" 0 decode --input abc && expect "no --model decodes with the bundled reverse model" "output: cba" "$work/out"
run "no --input exits 2" 2 decode && expect "no --input is said" "no --input given" "$work/err"

# Sampling: the same seed repeats the run, temperature 0 is greedy, bad values and combinations are refused.
words=$(dirname "$0")/../../assets/models/number-words-at.safetensors
run "greedy decode" 0 decode --model "$words" --input 905 && grep '^output:' "$work/out" >"$work/greedy"
run "sample, seed 4" 0 decode --model "$words" --input 905 --sample --temperature 6 --seed 4 && cp "$work/out" "$work/s4"
run "sample, seed 4 again" 0 decode --model "$words" --input 905 --sample --temperature 6 --seed 4 &&
    if cmp -s <(grep -v '^decoder passes' "$work/out") <(grep -v '^decoder passes' "$work/s4"); then ok "a fixed seed repeats the run"; else
        diff "$work/out" "$work/s4" >"$work/err"; not_ok "a fixed seed repeats the run"; fi
run "sample at temperature 0" 0 decode --model "$words" --input 905 --sample --temperature 0 --seed 9 &&
    expect "temperature 0 is greedy" "$(cat "$work/greedy")" "$work/out"
run "top-p above 1 exits 2" 2 decode --model "$words" --input 905 --sample --top-p 1.5 && expect "top-p above 1 is named" "--top-p" "$work/err"
run "negative temperature exits 2" 2 decode --model "$words" --input 905 --sample --temperature -1 &&
    expect "negative temperature is named" "--temperature" "$work/err"
run "sample with beam fails" 1 decode --model "$words" --input 905 --sample --beam 3 && expect "sample with beam: said" "do not combine" "$work/err"
run "sample on NAT fails" 1 decode --model "$nat" --input abc --sample && expect "sample on NAT: said" "sampling is for AT models" "$work/err"

# The beam search tree in JSON: the winner is the output, kept hypotheses at most N a step, parents valid.
run "beam 3 as JSON" 0 decode --model "$words" --input 905 --beam 3 --format json &&
    if python3 - "$work/out" >"$work/err" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
beam = d["beam"]
winners = [h for s in beam for h in s["hypotheses"] if h["winner"]]
assert len(winners) == 1 and winners[0]["tokens"] == d["output"], (winners, d["output"])
for k, s in enumerate(beam):
    assert s["step"] == k + 1
    assert sum(h["kept"] for h in s["hypotheses"]) <= 3
    for h in s["hypotheses"]:
        assert len(h["tokens"]) == k + 1
        if k: assert beam[k - 1]["hypotheses"][h["parent"]]["tokens"] == h["tokens"][:-1]
        else: assert h["parent"] == -1
        if h["done"]: assert abs(h["normalised"] - h["logprob"] / len(h["tokens"])) < 1e-4
PY
    then ok "beam JSON: the winner is the output, parents and kept flags hold"; else not_ok "beam JSON"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
