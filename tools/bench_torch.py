#!/usr/bin/python3
"""bench_torch.py: PyTorch eager CPU training throughput on the same model and batch as
`stepformer bench` / `stepformer train` (our own script, for docs/training.md).

The model is the reference one (tests/data/reference/README.md): nn.Transformer post-LN, ReLU,
dropout 0, batch_first, embeddings * sqrt(d) + sinusoidal positions, a generator; padding masked as
keys in every attention; loss = mean cross-entropy over non-pad targets; AdamW (betas 0.9, 0.98,
weight decay 0.01), gradient clipping at norm 1. Data: the reverse task (1..12 lowercase letters ->
reversed), batch 64. Reports target tokens (non-pad targets, <end> included) per second over the
timed steps, after warm-up steps.

usage: /usr/bin/python3 tools/bench_torch.py [--steps N] [--threads N] [--d-model 64] [--heads 4]
       [--d-ff 256] [--layers 2] [--batch 64] [--json]
(`stepformer bench --peer` runs it with --json and with OPENBLAS_CORETYPE set to OpenBLAS's
strongest kernel for the CPU, see tools/bench_sgemm.py.)
"""
import argparse
import json
import math
import random
import time

import torch
import torch.nn as nn

PAD, BEGIN, END = 0, 1, 2
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Seq2Seq(nn.Module):
    def __init__(s, vs, vt, d, h, layers, ff, max_len):
        super().__init__()
        s.d = d
        s.src_embed = nn.Embedding(vs, d)
        s.tgt_embed = nn.Embedding(vt, d)
        s.transformer = nn.Transformer(d, h, layers, layers, ff, dropout=0.0, batch_first=True)
        s.generator = nn.Linear(d, vt)
        pe = torch.zeros(max_len + 1, d, dtype=torch.float64)
        pos = torch.arange(max_len + 1, dtype=torch.float64)[:, None]
        div = torch.pow(10000.0, torch.arange(0, d, 2, dtype=torch.float64) / d)
        pe[:, 0::2] = torch.sin(pos / div)
        pe[:, 1::2] = torch.cos(pos / div)
        s.register_buffer("pe", pe.float())

    def embed(s, table, ids):
        return table(ids) * math.sqrt(s.d) + s.pe[: ids.shape[1]]

    def forward(s, src, tin):
        T = tin.shape[1]
        mask = torch.triu(torch.full((T, T), float("-inf")), 1)
        out = s.transformer(s.embed(s.src_embed, src), s.embed(s.tgt_embed, tin), tgt_mask=mask,
                            src_key_padding_mask=src == PAD, tgt_key_padding_mask=tin == PAD,
                            memory_key_padding_mask=src == PAD)
        return s.generator(out)


def batch(rng, B):
    srcs = []
    for _ in range(B):
        n = rng.randint(1, 12)
        srcs.append([4 + rng.randrange(26) for _ in range(n)])
    S = max(len(x) for x in srcs)
    T = S + 1
    src = torch.zeros(B, S, dtype=torch.long)
    tin = torch.zeros(B, T, dtype=torch.long)
    tout = torch.zeros(B, T, dtype=torch.long)
    for b, x in enumerate(srcs):
        y = x[::-1]
        src[b, : len(x)] = torch.tensor(x)
        tin[b, : len(y) + 1] = torch.tensor([BEGIN] + y)
        tout[b, : len(y) + 1] = torch.tensor(y + [END])
    return src, tin, tout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--warmup-steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--d-model", type=int, default=64)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--d-ff", type=int, default=256)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    rng = random.Random(1)
    V = 4 + 26
    model = Seq2Seq(V, V, a.d_model, a.heads, a.layers, a.d_ff, 14)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), eps=1e-9, weight_decay=0.01)
    batches = [batch(rng, a.batch) for _ in range(a.steps + a.warmup_steps)]
    tokens, t0 = 0, 0.0
    for i, (src, tin, tout) in enumerate(batches):
        if i == a.warmup_steps:
            tokens, t0, c0 = 0, time.perf_counter(), time.process_time()
        logits = model(src, tin)
        loss = nn.functional.cross_entropy(logits.reshape(-1, V), tout.reshape(-1), ignore_index=PAD)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        tokens += int((tout != PAD).sum())
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0  # every thread's CPU time, not only the wall clock
    if a.json:
        blas = "?"
        try:
            import threadpoolctl
            info = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
            blas = ", ".join(f"{i.get('internal_api')} {i.get('architecture', '')}".strip() for i in info) or "?"
        except ImportError:
            pass
        print(json.dumps({"torch": torch.__version__, "threads": a.threads, "steps": a.steps, "batch": a.batch,
                          "tokens_per_s": tokens / dt, "ms_per_step": dt / a.steps * 1e3,
                          "cpu_ms_per_step": cpu / a.steps * 1e3, "blas": blas}))
        return
    print(f"pytorch {torch.__version__} eager CPU, {a.threads} threads: d_model {a.d_model}, {a.heads} heads, "
          f"d_ff {a.d_ff}, {a.layers}+{a.layers} layers, batch {a.batch}, {a.steps} timed steps: "
          f"{tokens / dt:.0f} target tokens/s ({dt / a.steps * 1e3:.1f} ms/step, loss {loss.item():.3f})")


if __name__ == "__main__":
    main()
