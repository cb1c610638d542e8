"""PyTorch (eager) and JAX (jit) peers of `pinn.sdgd.d1000.b100.train` (SciGrad:
Sources/scigrad/Bench/PINNSamplingWorkloads.swift).

One SDGD training step: MLP 1000 -> 128 -> 128 -> 128 -> 1 (tanh, float32) at 100 fixed points in [0, 1)^1000; draw 100
of the 1000 dimensions without replacement, d2u/dx_i^2 along them, Laplacian estimate (1000/100) * sum, loss
mean((estimate - f)^2), backward to the weights, Adam(lr 1e-3).

Two ways to get the sampled second derivatives:
- `double_backward` (the authors' Poisson.py, Method3): grad of u.sum() w.r.t. x with create_graph, then one more
  reverse pass per sampled dimension;
- `func_fwd_over_rev` (torch.func): jvp of the input gradient along the 100 sampled basis directions, vmapped;
- `forward_laplacian` (SciGrad's algorithm written in torch): (h, J, d2) carried through the layers from the 100
  sampled rows of the identity, so each hidden layer costs a GEMM of [100 * 100, 128].
JAX (`--framework jax`), each step one jit function (index draw, second derivatives, loss, gradient, optax Adam),
compile time excluded and recorded as first_call_ms; two ways, forward over reverse both:
- `jvp_of_grad_full`: jax.jvp of the input gradient (jax.grad of u.sum()) along the 100 sampled basis directions
  e_i of R^1000, vmapped (torch.func's way above);
- `jvp_of_grad_sampled`: the same jvp of grad, with the network read as a function of the 100 sampled coordinates
  only (x + z E_I^T at z = 0), so the tangents are basis directions of R^100 and the first layer carries
  [N, 100] tangents instead of [N, 1000] ones.
The id is given to the fastest way of each framework; all are printed. Same JSON shape as
../shared/bench/torch_ref.py.

  python pinn_sampling_ref.py --framework torch --threads 2 --out torch_sdgd.json
  python pinn_sampling_ref.py --framework jax --threads 2 --out jax_sdgd.json
  python pinn_sampling_ref.py --framework torch --ways func_fwd_over_rev,forward_laplacian   # skip double backward
"""
import json, math, os, time

import peer

args = peer.arguments(
    ("--ways", dict(default=None, help="comma-separated ways to time (default: all of the framework's)")))

D, N, K = 1000, 100, 100



if args.framework == "torch":
    import torch
    import torch.nn as nn

    torch.set_num_threads(args.threads)

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
        return peer.timeit(step)


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
        return peer.timeit(step)


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
        return peer.timeit(step)

    ways = (("double_backward", double_backward), ("func_fwd_over_rev", func_fwd_over_rev),
            ("forward_laplacian", forward_laplacian))
    meta = dict(framework="torch", version=torch.__version__, threads=args.threads)
else:
    import jax
    import jax.numpy as jnp
    import numpy as np
    import optax

    def jax_setup():
        rng = np.random.default_rng(0)
        params = []
        for fan_in, fan_out in ((D, 128), (128, 128), (128, 128), (128, 1)):
            bound = 1 / math.sqrt(fan_in)  # nn.Linear's default initialization
            params.append((jnp.asarray(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32)),
                           jnp.asarray(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32))))
        x = jnp.asarray(rng.uniform(0, 1, (N, D)).astype(np.float32))
        f = jnp.asarray(rng.standard_normal(N).astype(np.float32))
        return params, x, f

    def network(params, x):  # [..., D] -> [...]
        h = x
        for w, b in params[:-1]:
            h = jnp.tanh(h @ w + b)
        w, b = params[-1]
        return (h @ w + b)[..., 0]

    def second_full(params, x, idx):
        """d2u/dx_i^2 for i in idx, [K, N]: jvp of the input gradient along e_i in R^D, vmapped."""
        input_gradient = jax.grad(lambda p: network(params, p).sum())
        tangents = jnp.zeros((K, N, D), x.dtype).at[jnp.arange(K), :, idx].set(1.0)
        hvps = jax.vmap(lambda v: jax.jvp(input_gradient, (x,), (v,))[1])(tangents)  # [K, N, D]
        return hvps[jnp.arange(K), :, idx]

    def second_sampled(params, x, idx):
        """The same from u(x + z E_I^T) as a function of z [N, K] at z = 0: tangents e_k in R^K."""
        def shifted(z):
            return network(params, x.at[:, idx].add(z)).sum()
        z = jnp.zeros((N, K), x.dtype)
        tangents = jnp.zeros((K, N, K), x.dtype).at[jnp.arange(K), :, jnp.arange(K)].set(1.0)
        hvps = jax.vmap(lambda v: jax.jvp(jax.grad(shifted), (z,), (v,))[1])(tangents)  # [K, N, K]
        return hvps[jnp.arange(K), :, jnp.arange(K)]

    def make_step(second):
        params, x, f = jax_setup()
        opt = optax.adam(1e-3)

        def loss_fn(p, idx):
            estimate = second(p, x, idx).sum(0) * (D / K)  # [N]
            return jnp.mean((estimate - f) ** 2)

        def train_step(p, o, key):
            key, sub = jax.random.split(key)
            idx = jax.random.permutation(sub, D)[:K]  # K of the D dimensions without replacement
            loss, grads = jax.value_and_grad(loss_fn)(p, idx)
            updates, o = opt.update(grads, o, p)
            return optax.apply_updates(p, updates), o, key, loss
        train_step = jax.jit(train_step, donate_argnums=(0, 1))
        state = [params, opt.init(params), jax.random.PRNGKey(0)]

        def step():
            state[0], state[1], state[2], loss = train_step(*state)
            loss.block_until_ready()
        t0 = time.perf_counter(); step(); first = (time.perf_counter() - t0) * 1e3
        t = peer.timeit(step)
        t["first_call_ms"] = round(first, 1)
        return t

    ways = (("jvp_of_grad_full", lambda: make_step(second_full)),
            ("jvp_of_grad_sampled", lambda: make_step(second_sampled)))
    meta = dict(framework="jax", version=jax.__version__, threads=args.threads,
                xla_flags=os.environ.get("XLA_FLAGS", ""))

results = []
timings = {}
for name, fn in ways:
    if args.ways and name not in args.ways.split(","):
        continue
    try:
        timings[name] = fn()
        t = timings[name]
        print(f"[pinn] {args.framework} SDGD d={D} batch={N} k={K} ({name}): {t['med'] * 1e3:.4g} ms "
              f"(min {t['min'] * 1e3:.4g}, max {t['max'] * 1e3:.4g})", flush=True)
    except Exception as e:  # pragma: no cover
        print(f"{name} failed: {e!r}", flush=True)
best = min(timings, key=lambda k: timings[k]["med"])
for name, t in timings.items():
    results.append(dict(id="pinn.sdgd.d1000.b100.train" if name == best else None, section="pinn",
                        name=f"SDGD d={D} batch={N} k={K} step ({name})", unit="ms", med=t["med"] * 1e3,
                        min=t["min"] * 1e3, max=t["max"] * 1e3, n=t["n"], inner=1,
                        **({"first_call_ms": t["first_call_ms"]} if "first_call_ms" in t else {})))
if args.out:
    json.dump(dict(meta=meta, results=results), open(args.out, "w"), indent=1)
