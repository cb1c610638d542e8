"""PyTorch peers of `pinn.sdgd.d1000.b100.train` (SciGrad: Sources/scigrad/Bench/PINNSamplingWorkloads.swift).

One SDGD training step: MLP 1000 -> 128 -> 128 -> 128 -> 1 (tanh, float32) at 100 fixed points in [0, 1)^1000; draw 100
of the 1000 dimensions without replacement, d2u/dx_i^2 along them, Laplacian estimate (1000/100) * sum, loss
mean((estimate - f)^2), backward to the weights, Adam(lr 1e-3).

Two ways to get the sampled second derivatives:
- `double_backward` (the authors' Poisson.py, Method3): grad of u.sum() w.r.t. x with create_graph, then one more
  reverse pass per sampled dimension;
- `func_fwd_over_rev` (torch.func): jvp of the input gradient along the 100 sampled basis directions, vmapped;
- `forward_laplacian` (SciGrad's algorithm written in torch): (h, J, d2) carried through the layers from the 100
  sampled rows of the identity, so each hidden layer costs a GEMM of [100 * 100, 128].
The id is given to the faster of the two; both are printed. Same JSON shape as ../shared/bench/torch_ref.py.

  python pinn_sampling_ref.py --threads 2 --out torch_sdgd.json
"""
import argparse, json, os, statistics, time

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--out", default=None)
args = p.parse_args()
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(args.threads)

import torch
import torch.nn as nn

torch.set_num_threads(args.threads)
D, N, K = 1000, 100, 100


def timeit(fn, reps=9, warmup=3):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return dict(med=statistics.median(samples), min=min(samples), max=max(samples), n=reps, inner=1)


def setup():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(D, 128), nn.Tanh(), nn.Linear(128, 128), nn.Tanh(), nn.Linear(128, 128), nn.Tanh(),
                        nn.Linear(128, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(N, D)
    f = torch.randn(N)
    return net, opt, x, f


def double_backward():
    net, opt, x, f = setup()
    x.requires_grad_()

    def step():
        opt.zero_grad(set_to_none=True)
        idx = torch.randperm(D)[:K]
        g = torch.autograd.grad(net(x).sum(), x, create_graph=True)[0]  # (N, D)
        second = torch.stack([torch.autograd.grad(g[:, i].sum(), x, create_graph=True)[0][:, i] for i in idx.tolist()], 1)
        loss = ((second.sum(1) * (D / K) - f) ** 2).mean()
        loss.backward()
        opt.step()
    return timeit(step)


def func_fwd_over_rev():
    from torch.func import grad, jvp, vmap
    net, opt, x, f = setup()

    def input_gradient(points):
        return grad(lambda p: net(p).sum())(points)  # (N, D)

    def step():
        opt.zero_grad(set_to_none=True)
        idx = torch.randperm(D)[:K]
        tangents = torch.zeros(K, N, D)
        tangents[torch.arange(K), :, idx] = 1.0
        hvps = vmap(lambda v: jvp(input_gradient, (x,), (v,))[1])(tangents)  # (K, N, D)
        second = hvps[torch.arange(K), :, idx]  # (K, N)
        loss = ((second.sum(0) * (D / K) - f) ** 2).mean()
        loss.backward()
        opt.step()
    return timeit(step)


def forward_laplacian():
    net, opt, x, f = setup()
    linears = [m for m in net if isinstance(m, nn.Linear)]

    def step():
        opt.zero_grad(set_to_none=True)
        idx = torch.randperm(D)[:K]
        h, jacobian, second = x, None, None
        for index, layer in enumerate(linears):
            z = layer(h)
            if jacobian is None:
                jz = layer.weight[:, idx].t().unsqueeze(1)  # e_i W^T: (K, 1, width)
                sz = None
            else:
                jz = jacobian @ layer.weight.t()  # (K, N, width)
                sz = second @ layer.weight.t()
            if index == len(linears) - 1:
                break
            y = torch.tanh(z)
            first = 1 - y * y
            curvature = -2 * y * first * jz * jz
            second = curvature if sz is None else first * sz + curvature
            jacobian = first * jz
            h = y
        estimate = sz.squeeze(-1).sum(0) * (D / K)  # (N,)
        loss = ((estimate - f) ** 2).mean()
        loss.backward()
        opt.step()
    return timeit(step)


results = []
timings = {}
for name, fn in (("double_backward", double_backward), ("func_fwd_over_rev", func_fwd_over_rev),
                 ("forward_laplacian", forward_laplacian)):
    try:
        timings[name] = fn()
        t = timings[name]
        print(f"[pinn] SDGD d={D} batch={N} k={K} ({name}): {t['med'] * 1e3:.4g} ms "
              f"(min {t['min'] * 1e3:.4g}, max {t['max'] * 1e3:.4g})", flush=True)
    except Exception as e:  # pragma: no cover
        print(f"{name} failed: {e!r}", flush=True)
best = min(timings, key=lambda k: timings[k]["med"])
for name, t in timings.items():
    results.append(dict(id="pinn.sdgd.d1000.b100.train" if name == best else None, section="pinn",
                        name=f"SDGD d={D} batch={N} k={K} step ({name})", unit="ms", med=t["med"] * 1e3,
                        min=t["min"] * 1e3, max=t["max"] * 1e3, n=t["n"], inner=1))
meta = dict(framework="torch", version=torch.__version__, threads=args.threads)
if args.out:
    json.dump(dict(meta=meta, results=results), open(args.out, "w"), indent=1)
