#!/usr/bin/python3
"""Checks by hand that the PyTorch snippet in docs/model-format.md and this program agree.

usage: /usr/bin/python3 docs/verify-model-format.py BUILD_DIR
BUILD_DIR is a full (not core-only) CMake build: its stepformer binary and libs2s_core.a are used.
Needs Debian's python3-torch, which CI does not install; that is why this is not a ctest test.

1. PyTorch -> C: models made and saved by the snippet decode in `stepformer decode` to the
   logits the module computes.
2. C -> PyTorch: models saved by model_save (one made by model_init_random, one a copy of the
   reference model) load with the snippet's load(); the copy is bit for bit the reference, and
   the C-made model computes in PyTorch the logits `stepformer decode` prints.
"""
import json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.abspath(sys.argv[1])
BIN = os.path.join(BUILD, "stepformer")

# The snippet, exactly as the document shows it: the one ```python block.
doc = open(os.path.join(HERE, "model-format.md"), encoding="utf-8").read()
blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
assert len(blocks) == 1, "expected one python block in model-format.md"
exec(blocks[0])
import torch  # noqa: E402  (imported by the snippet too)

SPECIALS = ["<pad>", "<begin>", "<end>", "<unk>"]
worst = {"torch->C": 0.0, "C->torch": 0.0}


def decode_json(model_path, *args):
    out = subprocess.run([BIN, "decode", "--model", model_path, "--format", "json", *args],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("stepformer decode failed: " + out.stderr)
    return json.loads(out.stdout)


def compare(what, direction, got, want):
    d = (torch.tensor(got) - want.detach()).abs().max().item()
    worst[direction] = max(worst[direction], d)
    print(f"  {what:52s} max |diff| {d:.2g}")
    assert d < 1e-4, what


def ids(vocab, text, by_char):
    return [vocab.index(s) for s in (list(text) if by_char else text.split())]


def check_model(path, model, direction, src_text, tgt_text, by_char=True):
    """Logits of the module vs `stepformer decode` on the same file."""
    src = torch.tensor([ids(model.src_vocab, src_text, by_char)])
    with torch.no_grad():
        if model.nat:
            d = decode_json(path, "--input", src_text, "--nat-length", "end")
            logits = model(src, torch.full((1, model.max_len), 1))[0]
            compare(f"{os.path.basename(path)} NAT logits", direction, d["logits"], logits)
            compare(f"{os.path.basename(path)} NAT length logits", direction, d["length"]["logits"],
                    model.length_logits(src)[0])
        else:
            d = decode_json(path, "--input", src_text, "--target", tgt_text)
            tgt_in = torch.tensor([[1] + ids(model.tgt_vocab, tgt_text, by_char)])
            compare(f"{os.path.basename(path)} AT logits (--target {tgt_text})", direction, d["logits"],
                    model(src, tgt_in)[0])


def perturbed(model, seed):
    torch.manual_seed(seed)
    with torch.no_grad():  # move every tensor off its initial value (LayerNorm 1/0, zero biases)
        for p in model.parameters():
            p.add_(0.3 * torch.randn_like(p))
    return model.eval()


C_SAVER = r"""
#include <stdio.h>
#include "core/model.h"
/* usage: saver REFERENCE COPY RANDOM: saves REFERENCE through model_save as COPY, and a
 * model_init_random NAT model with a word vocabulary as RANDOM */
int main(int argc, char **argv) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, argv[1], &err) || model_save(&m, argv[2], &err)) return fprintf(stderr, "%s\n", err.msg), 1;
    model_free(&m);
    const char *src[] = {"<pad>", "<begin>", "<end>", "<unk>", "naïve", "café", "日本", "x"};
    const char *tgt[] = {"<pad>", "<begin>", "<end>", "<unk>", "un", "deux", "trois"};
    s2s_vocab sv, tv;
    s2s_config c = {.d_model = 12, .n_heads = 3, .d_ff = 20, .n_enc = 2, .n_dec = 1, .max_len = 9,
                    .src_vocab = 8, .tgt_vocab = 7, .decoder = S2S_DECODER_NAT};
    if (vocab_init(&sv, src, 8, &err) || vocab_init(&tv, tgt, 7, &err) || model_init(&m, &c, &sv, &tv, "c-made", &err))
        return fprintf(stderr, "%s\n", err.msg), 1;
    model_init_random(&m, 42);
    if (model_save(&m, argv[3], &err)) return fprintf(stderr, "%s\n", err.msg), 1;
    model_free(&m);
    vocab_free(&sv);
    vocab_free(&tv);
    return 0;
}
"""


def main():
    tmp = tempfile.mkdtemp(prefix="stepformer-format-")
    print("PyTorch -> C")
    sv, tv = SPECIALS + list("abcdef中"), SPECIALS + list("abcdefgh")
    at = perturbed(Seq2Seq(sv, tv, 24, 4, 40, 2, 3, 12), 1)
    nat = perturbed(Seq2Seq(sv, tv, 16, 2, 32, 3, 2, 10, nat=True), 2)
    save(at, os.path.join(tmp, "torch-at.safetensors"), task="from torch")
    save(nat, os.path.join(tmp, "torch-nat.safetensors"), task="from torch")
    for src, tgt in (("abc中", "hgfed"), ("f", ""), ("中baddecafe", "abcdefghabc"[:11])):
        check_model(os.path.join(tmp, "torch-at.safetensors"), at, "torch->C", src, tgt)
    for src in ("abc中", "ffeeddcc"):
        check_model(os.path.join(tmp, "torch-nat.safetensors"), nat, "torch->C", src, None)

    print("C -> PyTorch")
    saver_c, saver = os.path.join(tmp, "saver.c"), os.path.join(tmp, "saver")
    open(saver_c, "w", encoding="utf-8").write(C_SAVER)
    subprocess.run(["cc", "-std=c11", "-O1", "-I", os.path.join(ROOT, "src"), saver_c,
                    os.path.join(BUILD, "libs2s_core.a"), "-lcjson", "-lm", "-lpthread", "-o", saver], check=True)
    ref = os.path.join(ROOT, "tests/data/reference/tiny-at.safetensors")
    copy, made = os.path.join(tmp, "c-copy.safetensors"), os.path.join(tmp, "c-random-nat.safetensors")
    subprocess.run([saver, ref, copy, made], check=True)
    a, b = load(ref).state_dict(), load(copy).state_dict()
    assert a.keys() == b.keys()
    for k in a:
        assert torch.equal(a[k], b[k]) and a[k].numpy().tobytes() == b[k].numpy().tobytes(), k
    print(f"  c-copy.safetensors: {len(a)} tensors equal the reference's bit for bit")
    m = load(made)
    assert m.nat and m.src_vocab[4] == "naïve" and m.transformer.nhead == 3
    check_model(made, m, "C->torch", "naïve 日本 x café", None, by_char=False)
    check_model(made, m, "C->torch", "x", None, by_char=False)

    print(f"largest differences: PyTorch -> C {worst['torch->C']:.2g}, C -> PyTorch {worst['C->torch']:.2g}")
    subprocess.run(["rm", "-rf", tmp])


main()
