"""Reference numbers for the ARIMA tests (Tests/LayersTests/ARIMATests.swift), computed independently of SciGrad.

Writes three simulated series into Tests/LayersTests/Fixtures/arima_*.csv and prints, for each:
  - the exact Gaussian log-likelihood of the differenced series at fixed (phi, theta, sigma2), by statsmodels'
    Kalman filter (SARIMAX with its stationary initialization);
  - the exact maximum-likelihood coefficients (statsmodels' fit, polished by scipy BFGS to gtol 1e-10) and the
    log-likelihood there;
  - the conditional-sum-of-squares coefficients (our own NumPy recursion, scipy least_squares);
  - the PMM2 coefficients (a NumPy transcription of EstemPMM's pmm2_algorithm from the ML fit).

Run: pip install statsmodels numpy scipy && python3 scripts/arima_reference.py   (tests only; not a dependency)
"""

import os

import numpy as np
from scipy import optimize
from statsmodels.tsa.statespace.sarimax import SARIMAX

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "LayersTests", "Fixtures")


def innovations(kind, n, rng):
    if kind == "gaussian":
        return rng.standard_normal(n)
    if kind == "chisq3":
        return (rng.chisquare(3, n) - 3) / np.sqrt(6)
    if kind == "gamma2":
        return (rng.gamma(2.0, 1.0, n) - 2) / np.sqrt(2)
    raise ValueError(kind)


def simulate(phi, theta, d, n, kind, seed, burn=200):
    rng = np.random.default_rng(seed)
    e = innovations(kind, burn + n + d, rng)
    w = np.zeros_like(e)
    for t in range(len(e)):
        value = e[t]
        for i, a in enumerate(phi):
            if t - i - 1 >= 0:
                value += a * w[t - i - 1]
        for j, b in enumerate(theta):
            if t - j - 1 >= 0:
                value += b * e[t - j - 1]
        w[t] = value
    w = w[-(n + d):]
    y = w
    for _ in range(d):
        y = np.concatenate([[0.0], np.cumsum(y)])
    return y[-n:]


def css_residuals(w, phi, theta):
    p = len(phi)
    e = np.zeros(len(w))
    for t in range(p, len(w)):
        value = w[t]
        for i, a in enumerate(phi):
            value -= a * w[t - i - 1]
        for j, b in enumerate(theta):
            if t - j - 1 >= p:
                value -= b * e[t - j - 1]
        e[t] = value
    return e[p:]


def pmm2(w, p, q, start, residuals):
    """EstemPMM's pmm2_algorithm on the ARMA design of arma_build_design (tolerance tightened to 1e-12)."""
    m2, m3, m4 = (np.mean(residuals ** k) for k in (2, 3, 4))
    full = np.concatenate([np.zeros(p), residuals])
    first = max(p, q)
    rows = range(first, len(w))
    X = np.array([[w[t - i] for i in range(1, p + 1)] + [full[t - j] for j in range(1, q + 1)] for t in rows])
    y = w[first:]
    A, B, C = m3, m4 - m2 ** 2 - 2 * m3 * y, m3 * y ** 2 - (m4 - m2 ** 2) * y - m2 * m3
    b = np.array(start, dtype=float)
    for _ in range(100):
        yp = X @ b
        Z = X.T @ (A * yp ** 2 + B * yp + C)
        J = (X * (2 * A * yp + B)[:, None]).T @ X + 1e-8 * np.eye(len(b))
        delta = np.linalg.solve(J, Z)
        b = b - delta
        if np.linalg.norm(delta) < 1e-12:
            break
    return b, (m2, m3, m4)


CASES = [
    # name, phi, theta, d, n, innovations, seed, fixed (phi, theta, sigma2) for the likelihood check
    ("arima_110", [0.5], [], 1, 300, "chisq3", 11, ([0.45], [], 1.3)),
    ("arima_201", [0.5, -0.3], [0.4], 0, 400, "gaussian", 12, ([0.4, -0.2], [0.3], 0.8)),
    ("arima_111", [0.6], [0.3], 1, 300, "gamma2", 13, ([0.55], [0.35], 1.1)),
]

for name, phi, theta, d, n, kind, seed, fixed in CASES:
    y = simulate(phi, theta, d, n, kind, seed)
    with open(os.path.join(FIXTURES, name + ".csv"), "w") as handle:
        handle.write("y\n" + "".join(repr(float(v)) + "\n" for v in y))
    w = np.diff(y, d) if d else y
    p, q = len(phi), len(theta)
    model = SARIMAX(w, order=(p, 0, q), trend="n")
    fixed_params = np.array(fixed[0] + fixed[1] + [fixed[2]])
    loglike_fixed = model.loglike(fixed_params)
    fit = model.fit(disp=False, maxiter=1000)
    polished = optimize.minimize(lambda x: -model.loglike(x), fit.params, method="BFGS", options={"gtol": 1e-10})
    mle = polished.x
    css = optimize.least_squares(
        lambda b: css_residuals(w, b[:p], b[p:]), np.zeros(p + q), xtol=1e-15, ftol=1e-15, gtol=1e-15
    ).x
    start_residuals = css_residuals(w, mle[:p], mle[p:p + q])
    pm, moments = pmm2(w, p, q, mle[:p + q], start_residuals)
    print(f"{name}: n = {len(y)}, innovations {kind}, seed {seed}")
    print(f"  loglike at {[float(v) for v in fixed_params]}: {float(loglike_fixed)!r}")
    print(f"  exact MLE (phi, theta, sigma2): {[float(v) for v in mle]}, loglike {float(-polished.fun)!r}")
    print(f"  CSS: {[float(v) for v in css]}")
    print(f"  PMM2: {[float(v) for v in pm]}, moments {[float(v) for v in moments]}")
