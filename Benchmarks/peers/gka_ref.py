#!/usr/bin/env python3
"""PyTorch and JAX peers of `scigrad bench --ids gka.mqar.train` (issue 15, PLAN.md row 31).

One training step of the Gated KalmaNet MQAR model, the same computation as Sources/Layers/SequenceMemory:
vocabulary 64, length 128, 8 key-value pairs, batch 16; token embedding; 2 pre-norm blocks of d_model 64, each
x + GKA(LN x) then x + MLP(LN x) (64 -> 128 -> 64, exact GELU); final LayerNorm; Linear 64 -> 64 logits;
cross-entropy at the 8 query positions; backward; Adam (lr 1e-3).
GKA mixer (one head, dk = dv = 32): q, k, v = SiLU(short causal depthwise conv(4)(Linear_nobias(x))); q, k scaled to
unit length; gates Linear(64 -> 2): log gamma = logsigmoid(a), alpha = 1/99 + (1 - 1/99) sigmoid(b);
D[t, i] = exp(c_t - c_i) (i <= t), c = cumsum(log gamma); tr_t = (D |k|^2)_t; lambda = alpha tr;
x_t = Chebyshev(10 steps, bounds [lambda, lambda + tr]) of (H_t + lambda I) x = q_t with H_t x = ((X K^T) * D) K;
y = ((X K^T) * D) V; output Linear_nobias(32 -> 64). Backward goes through the unrolled iteration.

Usage: python gka_ref.py --framework torch|jax --threads 2 --out peer.json   (same JSON shape as torch_ref.py)
"""
import json, platform, time

import peer

args = peer.arguments()

import numpy as np

V, T, PAIRS, B, DM, DK, ITERS, CONV = 64, 128, 8, 16, 64, 32, 10, 4
ALPHA_MIN = 1.0 / 99


def mqar_batch(rng):
    """tokens [B, T], query positions [B, 8], answers [B, 8] (the task of MultiQueryAssociativeRecall.swift)."""
    half = V // 2
    tokens = np.zeros((B, T), np.int64); pos = np.zeros((B, PAIRS), np.int64); ans = np.zeros((B, PAIRS), np.int64)
    for r in range(B):
        keys = rng.choice(np.arange(1, half), PAIRS, replace=False); vals = rng.integers(half, V, PAIRS)
        tokens[r, 0:2 * PAIRS:2] = keys; tokens[r, 1:2 * PAIRS:2] = vals
        slots = np.sort(rng.choice(np.arange(2 * PAIRS, T), PAIRS, replace=False)); order = rng.permutation(PAIRS)
        tokens[r, slots] = keys[order]; pos[r] = slots; ans[r] = vals[order]
    return tokens, pos, ans



def chebyshev(apply, b, lower, upper, iterations):
    """Saad Alg. 12.1 from x0 = 0; bounds [..., 1]; the same recurrence as ChebyshevIteration.swift."""
    center = (upper + lower) * 0.5; half = (upper - lower) * 0.5
    sigma = center / half; rho = 1 / sigma
    r = b; d = r / center; x = d
    for _ in range(1, iterations):
        r = r - apply(d)
        rho_next = 1 / (2 * sigma - rho)
        d = rho_next * rho * d + (2 * rho_next / half) * r
        rho = rho_next; x = x + d
    return x


def run_torch():
    import torch, torch.nn as nn, torch.nn.functional as F
    torch.set_num_threads(args.threads); torch.manual_seed(0)

    class Mixer(nn.Module):
        def __init__(self):
            super().__init__()
            self.q = nn.Linear(DM, DK, bias=False); self.k = nn.Linear(DM, DK, bias=False); self.v = nn.Linear(DM, DK, bias=False)
            self.cq = nn.Parameter(torch.rand(CONV, DK) - 0.5); self.ck = nn.Parameter(torch.rand(CONV, DK) - 0.5)
            self.cv = nn.Parameter(torch.rand(CONV, DK) - 0.5)
            self.gates = nn.Linear(DM, 2); self.o = nn.Linear(DK, DM, bias=False)

        @staticmethod
        def conv(x, w):  # x [B, T, C], w [K, C]: y_t = sum_j w_j x_{t-j}
            xp = F.pad(x, (0, 0, CONV - 1, 0))
            return sum(xp[:, CONV - 1 - j:CONV - 1 - j + x.shape[1]] * w[j] for j in range(CONV))

        def forward(self, x):
            unit = lambda z: z * torch.rsqrt(z.square().sum(-1, keepdim=True) + 1e-6)
            q = unit(F.silu(self.conv(self.q(x), self.cq))); k = unit(F.silu(self.conv(self.k(x), self.ck)))
            v = F.silu(self.conv(self.v(x), self.cv))
            g = self.gates(x); log_gamma = F.logsigmoid(g[..., 0]); alpha = ALPHA_MIN + (1 - ALPHA_MIN) * torch.sigmoid(g[..., 1])
            c = log_gamma.cumsum(1); mask = torch.ones(T, T, dtype=torch.bool).tril()
            decay = torch.where(mask, c[:, :, None] - c[:, None, :], torch.tensor(-1e4)).exp()  # [B, T, T]
            trace = (decay @ k.square().sum(-1, keepdim=True)).squeeze(-1)
            shift = alpha * trace; kt = k.transpose(1, 2)
            apply = lambda z: ((z @ kt) * decay) @ k + shift[..., None] * z
            x_sol = chebyshev(apply, q, shift[..., None], (shift + trace)[..., None], ITERS)
            return self.o(((x_sol @ kt) * decay) @ v)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(V, DM)
            self.mixers = nn.ModuleList([Mixer() for _ in range(2)])
            self.mlps = nn.ModuleList([nn.Sequential(nn.Linear(DM, 2 * DM), nn.GELU(), nn.Linear(2 * DM, DM)) for _ in range(2)])
            self.n1 = nn.ModuleList([nn.LayerNorm(DM) for _ in range(2)]); self.n2 = nn.ModuleList([nn.LayerNorm(DM) for _ in range(2)])
            self.nf = nn.LayerNorm(DM); self.out = nn.Linear(DM, V)

        def forward(self, tokens):
            x = self.emb(tokens)
            for i in range(2):
                x = x + self.mixers[i](self.n1[i](x)); x = x + self.mlps[i](self.n2[i](x))
            return self.out(self.nf(x))

    model = Model(); opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    tokens, pos, ans = (torch.from_numpy(a) for a in mqar_batch(np.random.default_rng(0)))

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(tokens)
        picked = logits.gather(1, pos[..., None].expand(B, PAIRS, V)).reshape(-1, V)
        F.cross_entropy(picked, ans.reshape(-1)).backward()
        opt.step()
    return peer.timeit(step, reps=7, warmup=2), dict(torch=torch.__version__)


def run_jax():
    import jax, jax.numpy as jnp
    key = jax.random.PRNGKey(0)
    keys = iter(jax.random.split(key, 64))
    lin = lambda i, o, bias=True: dict(w=jax.random.uniform(next(keys), (o, i), minval=-i ** -0.5, maxval=i ** -0.5),
                                       **({"b": jnp.zeros(o)} if bias else {}))
    ln = lambda: dict(g=jnp.ones(DM), b=jnp.zeros(DM))
    mixer = lambda: dict(q=lin(DM, DK, False), k=lin(DM, DK, False), v=lin(DM, DK, False),
                         cq=jax.random.uniform(next(keys), (CONV, DK)) - 0.5, ck=jax.random.uniform(next(keys), (CONV, DK)) - 0.5,
                         cv=jax.random.uniform(next(keys), (CONV, DK)) - 0.5, gates=lin(DM, 2), o=lin(DK, DM, False))
    params = dict(emb=jax.random.normal(next(keys), (V, DM)), mixers=[mixer() for _ in range(2)],
                  mlps=[dict(a=lin(DM, 2 * DM), b=lin(2 * DM, DM)) for _ in range(2)],
                  n1=[ln() for _ in range(2)], n2=[ln() for _ in range(2)], nf=ln(), out=lin(DM, V))
    apply_lin = lambda p, x: x @ p["w"].T + (p["b"] if "b" in p else 0)
    layer_norm = lambda p, x: (x - x.mean(-1, keepdims=True)) / jnp.sqrt(x.var(-1, keepdims=True) + 1e-5) * p["g"] + p["b"]

    def conv(x, w):
        xp = jnp.pad(x, ((0, 0), (CONV - 1, 0), (0, 0)))
        return sum(xp[:, CONV - 1 - j:CONV - 1 - j + T] * w[j] for j in range(CONV))

    def mix(p, x):
        unit = lambda z: z * jax.lax.rsqrt(jnp.square(z).sum(-1, keepdims=True) + 1e-6)
        q = unit(jax.nn.silu(conv(apply_lin(p["q"], x), p["cq"]))); k = unit(jax.nn.silu(conv(apply_lin(p["k"], x), p["ck"])))
        v = jax.nn.silu(conv(apply_lin(p["v"], x), p["cv"]))
        g = apply_lin(p["gates"], x); log_gamma = jax.nn.log_sigmoid(g[..., 0]); alpha = ALPHA_MIN + (1 - ALPHA_MIN) * jax.nn.sigmoid(g[..., 1])
        c = jnp.cumsum(log_gamma, 1); mask = jnp.tril(jnp.ones((T, T), bool))
        decay = jnp.exp(jnp.where(mask, c[:, :, None] - c[:, None, :], -1e4))
        trace = (decay @ jnp.square(k).sum(-1, keepdims=True))[..., 0]
        shift = alpha * trace; kt = jnp.swapaxes(k, 1, 2)
        apply = lambda z: ((z @ kt) * decay) @ k + shift[..., None] * z
        xs = chebyshev(apply, q, shift[..., None], (shift + trace)[..., None], ITERS)
        return apply_lin(p["o"], ((xs @ kt) * decay) @ v)

    def loss_fn(params, tokens, pos, ans):
        x = params["emb"][tokens]
        for i in range(2):
            x = x + mix(params["mixers"][i], layer_norm(params["n1"][i], x))
            h = layer_norm(params["n2"][i], x)
            x = x + apply_lin(params["mlps"][i]["b"], jax.nn.gelu(apply_lin(params["mlps"][i]["a"], h), approximate=False))
        logits = apply_lin(params["out"], layer_norm(params["nf"], x))
        picked = jnp.take_along_axis(logits, pos[..., None], 1).reshape(-1, V)
        return -jnp.take_along_axis(jax.nn.log_softmax(picked), ans.reshape(-1, 1), 1).mean()

    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8

    @jax.jit
    def step(params, m, v, count, tokens, pos, ans):
        grads = jax.grad(loss_fn)(params, tokens, pos, ans)
        count = count + 1
        m = jax.tree_util.tree_map(lambda a, g: b1 * a + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda a, g: b2 * a + (1 - b2) * g * g, v, grads)
        params = jax.tree_util.tree_map(
            lambda p_, a, s: p_ - lr * (a / (1 - b1 ** count)) / (jnp.sqrt(s / (1 - b2 ** count)) + eps), params, m, v)
        return params, m, v, count

    tokens, pos, ans = (jnp.asarray(a) for a in mqar_batch(np.random.default_rng(0)))
    state = [params, jax.tree_util.tree_map(jnp.zeros_like, params), jax.tree_util.tree_map(jnp.zeros_like, params), jnp.array(0.0)]
    t0 = time.perf_counter()
    jax.block_until_ready(step(*state, tokens, pos, ans))
    compile_seconds = time.perf_counter() - t0

    def run():
        state[:] = step(*state, tokens, pos, ans)
        jax.block_until_ready(state[0])
    return peer.timeit(run, reps=7, warmup=2), dict(jax=jax.__version__, compile_s=round(compile_seconds, 2))


if __name__ == "__main__":
    timing, versions = run_torch() if args.framework == "torch" else run_jax()
    meta = dict(tag=f"{args.framework} {args.threads}T", threads=args.threads, python=platform.python_version(), **versions)
    result = dict(id="gka.mqar.train", section="gka", name=f"{args.framework} GKA MQAR train step", unit="ms",
                  med=timing["med"] * 1e3, min=timing["min"] * 1e3, max=timing["max"] * 1e3, n=timing["n"], inner=1)
    print(json.dumps(meta)); print(json.dumps(result))
    if args.out:
        json.dump(dict(meta=meta, results=[result]), open(args.out, "w"), indent=1)
