"""A cross-check of the bf16 emulation of `scigrad repro gated-kalmanet` claim (a) in PyTorch's native bfloat16.

400 systems drawn as LowPrecisionSolverStudy draws them (numpy's generator, so not the same systems), solved with
torch.bfloat16 tensors (matrix products and sums accumulate in Float32 and round once, as
`ArithmeticPrecision.bfloat16` emulates): Chebyshev iteration with the updated and the recomputed residual, and
conjugate gradient, 30 iterations each. Prints the median relative residual and the fractions below 1e-2 and above
5e-2. Usage: python scripts/gka_bf16_torch_check.py (needs torch and numpy).
"""
import torch, numpy as np
torch.manual_seed(0); rng = np.random.default_rng(0)
d, n_sys = 32, 400
spec = np.sqrt(0.01 ** (np.arange(d) / (d - 1)))
A = []; sh = []; tr = []
for _ in range(n_sys):
    t = 1 + rng.integers(128); g = 0.9 + 0.1 * rng.random(); a = np.exp(np.log(1/99) + rng.random() * np.log(99/9))
    Q = np.linalg.qr(rng.standard_normal((d, d)))[0]
    k = (rng.standard_normal((t, d)) * spec) @ Q.T; k /= np.linalg.norm(k, axis=1, keepdims=True)
    w = g ** (t - 1 - np.arange(t))
    H = (k * w[:, None]).T @ k; T = np.trace(H); A.append(H + a * T * np.eye(d)); sh.append(a * T); tr.append(T)
A = torch.tensor(np.array(A), dtype=torch.bfloat16); q = torch.randn(n_sys, d); q = (q / q.norm(dim=1, keepdim=True)).bfloat16()
lo = torch.tensor(sh).bfloat16()[:, None]; up = (torch.tensor(sh) + torch.tensor(tr)).bfloat16()[:, None]
mv = lambda x: (A @ x[..., None])[..., 0]
def cheb(recompute):
    c = (up + lo) * 0.5; h = (up - lo) * 0.5; s = c / h; rho = 1 / s; r = q; dd = r / c; x = dd
    for _ in range(29):
        r = (q - mv(x)) if recompute else (r - mv(dd))
        rn = 1 / (2 * s - rho); dd = rn * rho * dd + (2 * rn / h) * r; rho = rn; x = x + dd
    return x
def cg():
    x = torch.zeros_like(q); r = q; p = r; rs = (r * r).sum(-1, keepdim=True)
    for k in range(30):
        Ap = mv(p); a = rs / (p * Ap).sum(-1, keepdim=True); x = x + a * p
        r = r - a * Ap; rn = (r * r).sum(-1, keepdim=True); p = r + (rn / rs) * p; rs = rn
    return x
def res(x):
    A64 = A.double(); q64 = q.double()
    return ((q64 - (A64 @ x.double()[..., None])[..., 0]).norm(dim=1) / q64.norm(dim=1)).numpy()
for name, x in [("chebyshev recursive residual", cheb(False)), ("chebyshev recomputed residual", cheb(True)), ("cg", cg())]:
    r = res(x); print(f"torch native bf16 {name}: median {np.median(r):.2e}, <1e-2 {np.mean(r < 1e-2):.2f}, >5e-2 {np.mean(~(r <= 5e-2)):.2f}")
