"""Loads a reference model file into PyTorch: the safetensors that make_reference.py writes (its
nn.Transformer tensor names and metadata) as make_reference's Seq2Seq, in eval mode. The generators
of expected numbers share it: make_ablation.py beside it, ../teacher_forcing/make_teacher_loss.py
and ../norm_batch/make_norm_batch.py.

Needs Debian's python3-torch (run the generators with /usr/bin/python3).
"""
import json, os, struct, sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import Seq2Seq  # noqa: E402


def load_model(path):
    """Returns (model, src_vocab, tgt_vocab, nat): the vocabularies as lists of symbols (a token's
    id is its index), nat True for a non-autoregressive model."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__")
    tensors = {}
    for name, h in header.items():
        a, b = h["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(h["shape"])
    sv, tv = json.loads(meta["src_vocab"]), json.loads(meta["tgt_vocab"])
    nat = meta["decoder"] == "nat"
    m = Seq2Seq(len(sv), len(tv), int(meta["d_model"]), int(meta["n_heads"]), int(meta["d_ff"]),
                int(meta["n_encoder_layers"]), int(meta["n_decoder_layers"]), int(meta["max_len"]), nat)
    m.load_state_dict(tensors)
    m.eval()
    return m, sv, tv, nat
