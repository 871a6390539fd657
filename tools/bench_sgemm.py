#!/usr/bin/python3
"""bench_sgemm.py: OpenBLAS sgemm through numpy on the matmul shapes Stepformer runs, with OpenBLAS's
strongest kernel for this CPU (the peer of `stepformer bench --peer`, which calls this script).

Debian's OpenBLAS 0.3.21 names its kernel from the CPU model; on a CPU it does not know it falls
back to an old one (Prescott), and OPENBLAS_CORETYPE must name one. This script measures every
kernel the CPU can run (Haswell and Zen need AVX2 + FMA, SkylakeX AVX-512) in a child process each,
checks with threadpoolctl which kernel OpenBLAS really loaded, and keeps, shape by shape, the
fastest. One OpenBLAS thread, as each Stepformer training worker runs its matmuls on one core.

Shapes are given as N,I,O: the forward product out (N, O) = x (N, I) @ w (O, I)^T, and the two
backward ones, dx (N, I) += g (N, O) @ w and dw (O, I) += g^T @ x.

usage: /usr/bin/python3 tools/bench_sgemm.py [--reps N] N,I,O [N,I,O ...]
prints one JSON object: {"coretype": best overall, "tried": {coretype: architecture loaded},
                         "gflops": {"N,I,O": {"fwd": x, "dx": x, "dw": x}}}
"""
import json
import os
import subprocess
import sys


def cpu_flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def candidates():
    flags = cpu_flags()
    out = []
    if "avx2" in flags and "fma" in flags:
        out += ["Haswell", "Zen"]
    if "avx512f" in flags:
        out.append("SkylakeX")
    return out or [""]


def measure(shapes, reps):
    """In the child: the kernel OpenBLAS loaded, and GFLOP/s per shape and product (best of reps)."""
    import time

    import numpy as np
    import threadpoolctl

    info = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
    arch = info[0].get("architecture", "?") if info else "?"
    rng = np.random.default_rng(1)
    res = {}
    for key in shapes:
        n, i, o = (int(v) for v in key.split(","))
        x = rng.standard_normal((n, i), dtype=np.float32)
        w = rng.standard_normal((o, i), dtype=np.float32)
        g = rng.standard_normal((n, o), dtype=np.float32)
        flop = 2.0 * n * i * o
        r = max(reps, min(200, int(2e9 / flop)))
        best = {}
        for name, fn in (("fwd", lambda: x @ w.T), ("dx", lambda: g @ w), ("dw", lambda: g.T @ x)):
            fn()
            t_best = 1e30
            for _ in range(r):
                t = time.perf_counter()
                fn()
                t_best = min(t_best, time.perf_counter() - t)
            best[name] = flop / t_best / 1e9
        res[key] = best
    return arch, res


def main():
    args = sys.argv[1:]
    reps = 5
    if args[:1] == ["--reps"]:
        reps, args = int(args[1]), args[2:]
    if args[:1] == ["--child"]:
        arch, res = measure(args[1:], reps)
        print(json.dumps({"architecture": arch, "gflops": res}))
        return
    shapes = args or ["256,512,2048"]
    tried, per = {}, {}
    for ct in candidates():
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        if ct:
            env["OPENBLAS_CORETYPE"] = ct
        out = subprocess.run([sys.executable, __file__, "--reps", str(reps), "--child"] + shapes, env=env,
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        tried[ct or "default"] = r["architecture"]
        per[ct or "default"] = r["gflops"]
    best = {}
    for key in shapes:
        best[key] = {p: max(per[ct][key][p] for ct in per) for p in ("fwd", "dx", "dw")}
    overall = max(per, key=lambda ct: sum(per[ct][k]["fwd"] for k in shapes))
    print(json.dumps({"coretype": overall, "tried": tried, "gflops": best}))


if __name__ == "__main__":
    main()
