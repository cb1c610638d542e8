#!/usr/bin/env python3
"""PyTorch and JAX peers of `scigrad bench --ids random.normal.4e6`.

4e6 standard normal float32 samples into a new array: `torch.randn(4_000_000)`; in JAX `jax.random.normal` under
`jit`, with the key split outside the timed function as a training loop does (one split per call, timed with it).

Usage: python random_ref.py --framework torch|jax --threads 2 --out peer.json   (same JSON shape as torch_ref.py)
"""
import json, platform

import peer

args = peer.arguments()

N = 4_000_000



def run_torch():
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    return peer.timeit(lambda: torch.randn(N)), dict(torch=torch.__version__)


def run_jax():
    import jax
    sample = jax.jit(lambda key: jax.random.normal(key, (N,), dtype="float32"))
    key = [jax.random.PRNGKey(0)]

    def run():
        key[0], sub = jax.random.split(key[0])
        jax.block_until_ready(sample(sub))
    return peer.timeit(run), dict(jax=jax.__version__)


if __name__ == "__main__":
    timing, versions = run_torch() if args.framework == "torch" else run_jax()
    meta = dict(tag=f"{args.framework} {args.threads}T", threads=args.threads, python=platform.python_version(), **versions)
    result = dict(id="random.normal.4e6", section="random", name=f"{args.framework} normal 4e6 float32", unit="ms",
                  med=timing["med"] * 1e3, min=timing["min"] * 1e3, max=timing["max"] * 1e3, n=timing["n"], inner=1)
    print(json.dumps(meta)); print(json.dumps(result))
    if args.out:
        json.dump(dict(meta=meta, results=[result]), open(args.out, "w"), indent=1)
