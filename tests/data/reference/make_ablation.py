#!/usr/bin/python3
"""Reference numbers for switching attention heads off, computed with PyTorch's nn.Transformer.

A switched-off head's output is zeroed before the output projection; in PyTorch that is the same
as zeroing that head's columns of out_proj.weight (the projection's input is the heads
concatenated, head h at columns h*Dh .. (h+1)*Dh - 1). For the reference models tiny-at and
tiny-nat (made by make_reference.py), each ablation below, and 4 sources: AT teacher-forced logits
and the greedy decode; NAT logits of the all-<begin> pass and the length logits.

usage: make_ablation.py DIR        (DIR holds tiny-at.safetensors and tiny-nat.safetensors;
                                    writes DIR/ablation.expected.json)
Needs Debian's python3-torch (run with /usr/bin/python3). CI does not run it: its output is data.
"""
import json, os, sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import BEGIN, greedy, length_logits, tolist, traced_forward  # noqa: E402
from reference_model import load_model  # noqa: E402

# Layers and heads from 1, as the program spells them (decode --ablate).
ABLATIONS = ["cross:1.2", "encoder:2.1", "decoder:1.1,cross:2.2", "encoder:1.1,encoder:1.2", "decoder:2.2"]
SOURCES = [[4, 5, 6], [9, 8, 7, 6, 5, 4], [7], [5, 5, 9, 4, 8]]
TARGET_IN = [BEGIN, 6, 7, 4, 9]  # AT teacher forcing: <begin> + 4 tokens


def switch_off(m, spec):
    """Zeroes each named head's columns of its attention's output projection."""
    tr, d, h = m.transformer, m.d, m.transformer.encoder.layers[0].self_attn.num_heads
    dh = d // h
    for item in spec.split(","):
        kind, lh = item.split(":")
        layer, head = (int(x) - 1 for x in lh.split("."))
        attn = {"encoder": lambda: tr.encoder.layers[layer].self_attn,
                "decoder": lambda: tr.decoder.layers[layer].self_attn,
                "cross": lambda: tr.decoder.layers[layer].multihead_attn}[kind]()
        with torch.no_grad():
            attn.out_proj.weight[:, head * dh:(head + 1) * dh] = 0.0


def cases_for(path, spec):
    m, _, _, nat = load_model(path)
    switch_off(m, spec)
    out = []
    with torch.no_grad():
        for s in SOURCES:
            src = torch.tensor([s])
            if nat:
                T = m.max_len
                f = traced_forward(m, src, torch.full((1, T), BEGIN), False)
                out.append(dict(src_ids=s, tgt_in_ids=[BEGIN] * T, logits=tolist(f["logits"]),
                                length_logits=length_logits(m, f["memory"]).tolist()))
            else:
                f = traced_forward(m, src, torch.tensor([TARGET_IN]), True)
                out.append(dict(src_ids=s, tgt_in_ids=TARGET_IN, logits=tolist(f["logits"]), greedy_ids=greedy(m, src)))
    return out


if __name__ == "__main__":
    d = sys.argv[1]
    result = {}
    for tag in ("tiny-at", "tiny-nat"):
        result[tag] = [dict(ablate=spec, cases=cases_for(os.path.join(d, tag + ".safetensors"), spec))
                       for spec in ABLATIONS]
    with open(os.path.join(d, "ablation.expected.json"), "w") as f:
        json.dump(result, f)
    print("wrote", os.path.join(d, "ablation.expected.json"))
