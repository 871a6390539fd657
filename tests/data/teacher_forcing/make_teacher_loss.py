#!/usr/bin/python3
"""Expected teacher-forcing losses on the reference models, computed with PyTorch.

For each (model, input, target) case: the decoder input is <begin> + target (AT, causal mask) or
max_len copies of <begin> (NAT, no mask: the input the NAT model is trained and decodes on, whose
first len(target) + 1 positions are scored), the labels are target + <end>, and the loss at each
position is torch.nn.functional.cross_entropy(logits, labels, reduction="none"); the mean is
cross_entropy's default reduction. `stepformer decode --target ... --format json` must print the
same numbers (tests/core/test_teacher.c, tests/cli/test_decode_cli.sh, tests/app/test_teacher_window.sh).

usage: /usr/bin/python3 make_teacher_loss.py   (Debian's python3-torch; writes expected.json here)
"""
import json, os, sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "..", "reference")
sys.path.insert(0, REF)
from make_reference import traced_forward, BEGIN, END  # noqa: E402
from reference_model import load_model  # noqa: E402

# (model, input, target): right and wrong targets, short and long, one empty target
CASES = [
    ("tiny-at", "abcd", "dcba"),
    ("tiny-at", "abcd", "hgfe"),
    ("tiny-at", "fed", "abcdefgh"),
    ("tiny-at", "a", ""),
    ("tiny-at", "cafe", "ggcc"),
    ("tiny-nat", "abcd", "dcba"),
    ("tiny-nat", "bee", "hh"),
]


def main():
    models, cases = {}, []
    for tag, text, target in CASES:
        if tag not in models:
            models[tag] = load_model(os.path.join(REF, tag + ".safetensors"))
        m, sv, tv, nat = models[tag]
        src = torch.tensor([[sv.index(c) for c in text]])
        tgt = [tv.index(c) for c in target]
        labels = torch.tensor(tgt + [END])
        T = len(tgt) + 1
        tin = torch.tensor([[BEGIN] * m.max_len]) if nat else torch.tensor([[BEGIN] + tgt])
        with torch.no_grad():
            logits = traced_forward(m, src, tin, not nat)["logits"][:T]  # (T, Vt)
            per = torch.nn.functional.cross_entropy(logits, labels, reduction="none")
            mean = torch.nn.functional.cross_entropy(logits, labels)
        cases.append(dict(model=tag + ".safetensors", input=text, target=target, labels=labels.tolist(),
                          per_position=per.tolist(), mean=mean.item()))
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(dict(torch=torch.__version__, cases=cases), f, indent=1)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
