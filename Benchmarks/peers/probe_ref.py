#!/usr/bin/env python3
"""scikit-learn peer of `scigrad bench`'s `probe.raptor.d512.sweep25` (PLAN row 14, RAPTOR's regularization path).

The same workload as Sources/scigrad/Bench/ProbeWorkloads.swift: n = 1024 Float64 rows of d = 512,
x = y·1.2·w* + z, z ~ N(0, I), y = ±1; `LogisticRegression(solver="lbfgs", warm_start=True)` fitted at 25 penalties
λ ∈ [1e-4, 1e2] (log grid) from the largest λ down, C = 1/(λ·n) (scikit-learn minimizes the mean log-loss plus
‖w‖²/(2·C·n), the probe's objective), tol = 1e-6 on the gradient as the probe's, max_iter 500. Writes the JSON shape
of ../shared/bench/torch_ref.py.

    python probe_ref.py --threads 2 --out probe.json
"""
import argparse, json, os, statistics, time

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--out", default=None)
args = p.parse_args()
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(args.threads)

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

n, d = 1024, 512
rng = np.random.default_rng(0)
y = rng.integers(0, 2, n)
teacher = rng.standard_normal(d)
teacher /= np.linalg.norm(teacher)
x = rng.standard_normal((n, d)) + (2.0 * y - 1)[:, None] * 1.2 * teacher[None, :]
penalties = [10 ** (-4 + 6 * k / 24) for k in range(25)]


def sweep():
    model = LogisticRegression(solver="lbfgs", warm_start=True, tol=1e-6, max_iter=500)
    for lam in sorted(penalties, reverse=True):
        model.set_params(C=1.0 / (lam * n))
        model.fit(x, y)
    return model


for _ in range(1):
    sweep()
samples = []
for _ in range(5):
    t0 = time.perf_counter()
    sweep()
    samples.append(time.perf_counter() - t0)
result = dict(id="probe.raptor.d512.sweep25", section="probe", name="sklearn LogisticRegression path", unit="ms",
              med=statistics.median(samples) * 1e3, min=min(samples) * 1e3, max=max(samples) * 1e3)
out = dict(meta=dict(framework="scikit-learn " + sklearn.__version__, threads=args.threads), results=[result])
text = json.dumps(out, indent=1)
if args.out:
    open(args.out, "w").write(text)
print(text)
