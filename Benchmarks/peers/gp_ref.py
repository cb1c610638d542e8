#!/usr/bin/env python3
"""PyTorch (eager) and JAX (jit) peers of `gp.nll.n2000.grad` (SciGrad: Sources/scigrad/Bench/GaussianProcessWorkloads.swift).

Negative log marginal likelihood of an exact GP, ARD squared-exponential kernel, N = 2000 points in 8-D, float64, and
its gradient with respect to (8 log-lengthscales, log signal variance, log noise variance): build K [N, N] from the
scaled inputs (squared distances by one GEMM, as GPyTorch and sklearn do), add the noise, Cholesky, solve, log det,
backward. PyTorch: torch.linalg.cholesky + torch.cholesky_solve, autograd backward (no GPyTorch). JAX: jit of
value_and_grad with jax.scipy.linalg.cho_factor / cho_solve, x64 enabled.

Data as SciGrad draws them (BenchRandom(seed: 0), a 64-bit LCG, reproduced below): X uniform in [0, 1)^8 row by row,
then y = sin(2 pi x0) cos(2 pi x1) + x2 + 0.1 eps, eps by Box-Muller; theta at l_d = 0.5 + 0.1 d, sigma^2 = 1,
sigma_n^2 = 0.01. The script checks that both peers give the same value and gradient and prints the value.

  python gp_ref.py --framework torch --threads 2 --out torch_gp.json
  python gp_ref.py --framework jax --threads 2 --out jax_gp.json
Same JSON shape and timing method as ../shared/bench/torch_ref.py (JAX's compiling first call excluded, recorded).
"""
import json, math, os, platform, sys, time

import peer

args = peer.arguments(("--n", dict(type=int, default=2000)), framework_required=True)

import numpy as np

N, D = args.n, 8
ID = f"gp.nll.n{N}.grad"
MASK = (1 << 64) - 1


class BenchRandom:
    """SciGrad's BenchRandom (Sources/scigrad/Bench/Workloads.swift)."""

    def __init__(self, seed):
        self.state = (seed + 0x9E3779B97F4A7C15) & MASK

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 11) * 2.0 ** -53

    def normal(self, n):
        out = np.empty(n)
        for i in range(n):
            u = max(self.next(), 1e-300)
            v = self.next()
            out[i] = math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v)
        return out


def data():
    g = BenchRandom(0)
    x = np.array([g.next() for _ in range(N * D)]).reshape(N, D)
    eps = g.normal(N)
    y = np.sin(2 * np.pi * x[:, 0]) * np.cos(2 * np.pi * x[:, 1]) + x[:, 2] + 0.1 * eps
    theta = dict(log_lengthscales=np.log(0.5 + 0.1 * np.arange(D)), log_variance=np.array(0.0),
                 log_noise=np.array(math.log(0.01)))
    return x, y, theta



X, Y, THETA = data()
RESULTS = []


def record(name, t, value, gradient, extra=None):
    r = dict(id=ID, section="gp", name=name, unit="ms", med=t["med"] * 1e3, min=t["min"] * 1e3, max=t["max"] * 1e3,
             n=t["n"], inner=t["inner"], nll=float(value), gradient=[float(v) for v in gradient])
    r.update(extra or {})
    RESULTS.append(r)
    print(f"{ID}: {r['med']:.4g} ms (min {r['min']:.4g}, max {r['max']:.4g}, n={r['n']}x{r['inner']}) {name}\n"
          f"  nll {value:.12g}, gradient {np.array2string(np.asarray(gradient), precision=8)}", flush=True)


if args.framework == "torch":
    import torch
    torch.set_num_threads(args.threads)
    x = torch.tensor(X); y = torch.tensor(Y)
    params = [torch.tensor(THETA[k], requires_grad=True) for k in ("log_lengthscales", "log_variance", "log_noise")]

    def nll(log_lengthscales, log_variance, log_noise):
        scaled = x / log_lengthscales.exp()  # [N, D]
        norms = (scaled ** 2).sum(1)
        squared = (norms[:, None] + norms[None, :] - 2 * scaled @ scaled.T).clamp_min(0)  # [N, N]
        k = log_variance.exp() * torch.exp(-0.5 * squared) + log_noise.exp() * torch.eye(N, dtype=x.dtype)
        factor = torch.linalg.cholesky(k)
        alpha = torch.cholesky_solve(y[:, None], factor)[:, 0]
        return 0.5 * (y @ alpha) + factor.diagonal().log().sum() + 0.5 * N * math.log(2 * math.pi)

    def step():
        for q in params:
            q.grad = None
        value = nll(*params)
        value.backward()
        return value

    value = step()
    gradient = torch.cat([params[0].grad, params[1].grad[None], params[2].grad[None]]).numpy()
    record("exact GP NLL + grad: cholesky, cholesky_solve, autograd (eager)", peer.timeit(step, warmup=2, target=0.2), value.item(), gradient)
    meta = dict(framework="torch", version=torch.__version__, threads=args.threads)
else:
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from jax.scipy.linalg import cho_factor, cho_solve
    x = jnp.asarray(X); y = jnp.asarray(Y)
    theta = {k: jnp.asarray(v) for k, v in THETA.items()}

    def nll(theta):
        scaled = x / jnp.exp(theta["log_lengthscales"])
        norms = (scaled ** 2).sum(1)
        squared = jnp.maximum(norms[:, None] + norms[None, :] - 2 * scaled @ scaled.T, 0)
        k = jnp.exp(theta["log_variance"]) * jnp.exp(-0.5 * squared) + jnp.exp(theta["log_noise"]) * jnp.eye(N)
        factor = cho_factor(k, lower=True)
        alpha = cho_solve(factor, y)
        return 0.5 * (y @ alpha) + jnp.log(jnp.diag(factor[0])).sum() + 0.5 * N * math.log(2 * math.pi)

    value_and_grad = jax.jit(jax.value_and_grad(nll))

    def step():
        value, grads = value_and_grad(theta)
        jax.block_until_ready(grads)
        return value, grads

    t0 = time.perf_counter(); value, grads = step(); first = (time.perf_counter() - t0) * 1e3
    gradient = np.concatenate([np.asarray(grads["log_lengthscales"]), [float(grads["log_variance"])],
                               [float(grads["log_noise"])]])
    record("exact GP NLL + grad: jit(value_and_grad), cho_factor/cho_solve", peer.timeit(step, warmup=2, target=0.2), float(value), gradient,
           dict(first_call_ms=round(first, 1)))
    meta = dict(framework="jax", version=jax.__version__, threads=args.threads,
                xla_flags=os.environ.get("XLA_FLAGS", ""))

meta.update(python=sys.version.split()[0], machine=platform.machine(), numpy=np.__version__)
if args.out:
    with open(args.out, "w") as f:
        json.dump(dict(meta=meta, results=RESULTS), f, indent=1)
