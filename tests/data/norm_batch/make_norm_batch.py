#!/usr/bin/python3
"""Expected LayerNorm and BatchNorm outputs on a real batch, computed with PyTorch.

A batch of source texts of different lengths runs through the reference model tiny-at
(../reference); at two Add & Norms of the encoder (layer 1 self-attention, layer 2 feed-forward) the
sums (residual + update) are zero-padded into a (B, T, D) block, and:
  layernorm:   F.layer_norm over each token's D features, no learned scale and shift;
  batchnorm:   nn.BatchNorm1d(D) in training mode over the real tokens only (an (N, D) input);
  batchnorm_padded: the same over every position of the padded block (a (B, D, T) input).
src/core/norm_batch.c must give the same numbers (tests/core/test_norm_batch.c).

usage: /usr/bin/python3 make_norm_batch.py   (Debian's python3-torch; writes expected.json here)
"""
import json, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
from make_reference import mha  # noqa: E402
from reference_model import load_model  # noqa: E402

INPUTS = ["abcdef", "ab", "fcd", "e"]
SWAPPED = ["abcdef", "ab", "dddd", "e"]  # sentence 3 replaced: sentence 1 must keep its LayerNorm


def encoder_sums(m, src):
    """The sums of encoder layer 1 self-attention and layer 2 feed-forward Add & Norms: (S, D) each."""
    tr = m.transformer
    x = m.embed(m.src_embed, src)
    out = {}
    for li, L in enumerate(tr.encoder.layers):
        a, _ = mha(L.self_attn, x, x)
        s = x + a
        if li == 0:
            out["encoder.layer1.self_attn"] = s[0]
        x = L.norm1(s)
        s = x + L.linear2(torch.relu(L.linear1(x)))
        if li == 1:
            out["encoder.layer2.ffn"] = s[0]
        x = L.norm2(s)
    return out


def batch_case(m, sv, inputs, place):
    sums = [encoder_sums(m, torch.tensor([[sv.index(c) for c in text]]))[place] for text in inputs]
    B, T, D = len(sums), max(s.shape[0] for s in sums), sums[0].shape[1]
    x = torch.zeros(B, T, D)
    for b, s in enumerate(sums):
        x[b, : s.shape[0]] = s
    lens = [s.shape[0] for s in sums]
    real = torch.cat(sums)  # (N, D): the real tokens
    bn = nn.BatchNorm1d(D).train()
    bn_real = bn(real)
    bn_out = torch.zeros(B, T, D)
    at = 0
    for b, n in enumerate(lens):
        bn_out[b, :n] = bn_real[at : at + n]
        at += n
    bn_pad = nn.BatchNorm1d(D).train()(x.permute(0, 2, 1)).permute(0, 2, 1)  # padding counted
    ln = F.layer_norm(x, (D,))
    for b, n in enumerate(lens):
        ln[b, n:] = 0
    return dict(place=place, inputs=inputs, lens=lens, sums=x.tolist(), layernorm=ln.tolist(),
                batchnorm=bn_out.tolist(), batchnorm_padded=bn_pad.tolist())


def main():
    m, sv, _, _ = load_model(os.path.join(HERE, "..", "reference", "tiny-at.safetensors"))
    cases = []
    with torch.no_grad():
        for place in ["encoder.layer1.self_attn", "encoder.layer2.ffn"]:
            cases.append(batch_case(m, sv, INPUTS, place))
        cases.append(batch_case(m, sv, SWAPPED, "encoder.layer1.self_attn"))
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(dict(torch=torch.__version__, model="tiny-at.safetensors", eps=1e-5, cases=cases), f)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
