#!/usr/bin/env python3
"""Weighted minimax polynomial fits (Remez exchange, mpmath) for the FastMath kernels.

Each fit approximates g(v) on [a, b] by sum_k c_k v^k (k = 0..n) minimizing
max |w(v) (g(v) - p(v))|. The coefficients are rounded one at a time to the target
format (lowest degree first), refitting the remaining ones after each rounding, so the
printed error already includes coefficient rounding (but not evaluation rounding).

Usage: python3 Scripts/minimax.py [name[:degree] ...]   (no names: all fits)
"""
import sys
import mpmath as mp

mp.mp.dps = 60


def remez(g, w, a, b, n, fixed=(), iters=60):
    """Coefficients c_0..c_n of the weighted minimax polynomial whose first len(fixed)
    coefficients are the given ones, and its maximum weighted error."""
    a, b = mp.mpf(a), mp.mpf(b)
    f0 = len(fixed)
    m = n + 2 - f0
    ref = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (m - 1)) for i in range(m)]
    ref = [v + (b - a) / (7 * m) if abs(w(v)) < mp.mpf('1e-30') else v for v in ref]  # avoid weight zeros
    grid = [a + (b - a) * (1 - mp.cos(mp.pi * i / 2000)) / 2 for i in range(2001)]
    gw = [(g(v), w(v)) for v in grid]
    for _ in range(iters):
        A = mp.matrix(m, m)
        rhs = mp.matrix(m, 1)
        for i, v in enumerate(ref):
            for k in range(f0, n + 1):
                A[i, k - f0] = v ** k
            wv = w(v)
            A[i, m - 1] = (-1) ** i / wv if wv != 0 else 0
            rhs[i] = g(v) - mp.polyval(list(fixed)[::-1], v)
        sol = mp.lu_solve(A, rhs)
        c = list(fixed) + [sol[k] for k in range(m - 1)]
        lev = abs(sol[m - 1])
        err = [wv * (gv - mp.polyval(c[::-1], v)) for v, (gv, wv) in zip(grid, gw)]
        # split the grid into runs of constant error sign, keep each run's extremum
        runs, cur = [], [0]
        for i in range(1, len(grid)):
            if (err[i] >= 0) == (err[cur[-1]] >= 0):
                cur.append(i)
            else:
                runs.append(cur)
                cur = [i]
        runs.append(cur)
        ext = [max(r, key=lambda i: abs(err[i])) for r in runs]
        while len(ext) > m:  # drop the smallest extremum, merging same-sign neighbours
            j = min(range(len(ext)), key=lambda i: abs(err[ext[i]]))
            del ext[j]
            merged = [ext[0]]
            for i in ext[1:]:
                if (err[i] >= 0) == (err[merged[-1]] >= 0):
                    if abs(err[i]) > abs(err[merged[-1]]):
                        merged[-1] = i
                else:
                    merged.append(i)
            ext = merged
        if len(ext) < m:
            break
        ref = [grid[i] for i in ext]
        emax = max(abs(e) for e in err)
        if emax - lev < lev * mp.mpf('1e-4'):
            break
    return c, max(abs(e) for e in err)


def round_to(x, fmt):
    if fmt == 'float':
        m, e = mp.frexp(x)
        return mp.ldexp(mp.nint(mp.ldexp(m, 24)), e - 24)
    m, e = mp.frexp(x)
    return mp.ldexp(mp.nint(mp.ldexp(m, 53)), e - 53)


def fit(g, w, a, b, n, fmt):
    """Remez fit with sequential coefficient rounding; returns (coeffs, max weighted error)."""
    fixed = []
    for k in range(n + 1):
        c, _ = remez(g, w, a, b, n, fixed)
        fixed.append(round_to(c[k], fmt))
    grid = [mp.mpf(a) + (mp.mpf(b) - a) * i / 5000 for i in range(5001)]
    err = max(abs(w(v) * (g(v) - mp.polyval(fixed[::-1], v))) for v in grid)
    return fixed, err


def series(terms):
    """Sum of a convergent series given as a term generator, to working precision."""
    s = mp.mpf(0)
    for t in terms:
        s += t
        if abs(t) < mp.mpf(10) ** (-mp.mp.dps):
            break
    return s


LN2H = mp.log(2) / 2
PI4 = mp.pi / 4
SMAX = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)   # |s| bound of the log kernel, s = f/(2+f)


def exp_p(r):      # (e^r - 1 - r) / r^2
    return series(r ** k / mp.factorial(k + 2) for k in range(200))


def expm1_ref(r):
    return r * series(r ** k / mp.factorial(k + 1) for k in range(200))


def log_rp(z):     # (log((1+s)/(1-s)) - 2 s) / (s z), z = s^2
    return series(2 * z ** (k - 1) / (2 * k + 1) for k in range(1, 400))


def sin_s(z):      # (sin r - r) / r^3, z = r^2
    return series((-1) ** k * z ** (k - 1) / mp.factorial(2 * k + 1) for k in range(1, 200))


def cos_c(z):      # (cos r - 1 + z/2) / z^2
    return series((-1) ** k * z ** (k - 2) / mp.factorial(2 * k) for k in range(2, 200))


def erf_e(z):      # erf(sqrt z) / sqrt z
    return 2 / mp.sqrt(mp.pi) * series((-1) ** k * z ** k / (mp.factorial(k) * (2 * k + 1)) for k in range(400))


def erfc_p(u):     # log(erfc(t) / u) + t^2 with t = 2/u - 2
    t = 2 / u - 2
    return mp.log(mp.erfc(t) / u) + t * t


# name: (g, w, a, b, degree, fmt)
FITS = {
    # e^r = 1 + r + r^2 P(r); weight makes the error relative to expm1(r) (and hence exp).
    'exp_f': (exp_p, lambda r: r * r / abs(expm1_ref(r)) if r != 0 else 0, -LN2H * 1.0001, LN2H * 1.0001, 4, 'float'),
    'exp_d': (exp_p, lambda r: r * r / abs(expm1_ref(r)) if r != 0 else 0, -LN2H * 1.0001, LN2H * 1.0001, 10, 'double'),
    # log(1+f) = 2s + s z Rp(z); error relative to log(1+f) ~ 2s.
    'log_f': (log_rp, lambda z: z / 2, 0, SMAX ** 2, 2, 'float'),
    'log_d': (log_rp, lambda z: z / 2, 0, SMAX ** 2, 6, 'double'),
    # sin r = r + r^3 S(z), cos r = 1 - z/2 + z^2 C(z) on |r| <= pi/4 (+ slack for rounding of j).
    'sin_f': (sin_s, lambda z: z, 0, (PI4 * 1.001) ** 2, 2, 'float'),
    'cos_f': (cos_c, lambda z: z * z / mp.cos(mp.sqrt(z)), 0, (PI4 * 1.001) ** 2, 2, 'float'),
    'sin_d': (sin_s, lambda z: z, 0, (PI4 * 1.001) ** 2, 5, 'double'),
    'cos_d': (cos_c, lambda z: z * z / mp.cos(mp.sqrt(z)), 0, (PI4 * 1.001) ** 2, 5, 'double'),
    # erf x = x + x E(x^2) on |x| < 1, relative error (E(0) = 2/sqrt(pi) - 1 keeps its rounding small).
    'erf_small_f': (lambda z: erf_e(z) - 1, lambda z: 1 / erf_e(z), 0, 1, 6, 'float'),
    'erf_small_d': (lambda z: erf_e(z) - 1, lambda z: 1 / erf_e(z), 0, 1, 11, 'double'),
    # erfc t = u exp(-t^2 + P(u)), u = 2/(2+t), t >= 1 (t <= 10 Float, <= 27 Double); absolute error of P
    # is the relative error of erfc. (Centring u makes the coefficient rounding worse: with 0 outside
    # the interval, the refit absorbs the rounding of the constant term.)
    'erfc_f': (erfc_p, lambda u: 1, mp.mpf(2) / 12, mp.mpf(2) / 3, 8, 'float'),
    'erfc_d': (erfc_p, lambda u: 1, mp.mpf(2) / 29, mp.mpf(2) / 3, 20, 'double'),
}


def main():
    names = sys.argv[1:] or list(FITS)
    for arg in names:  # "name" or "name:degree"
        name, _, deg = arg.partition(':')
        g, w, a, b, n, fmt = FITS[name]
        n = int(deg) if deg else n
        c, err = fit(g, w, a, b, n, fmt)
        print(f'{name}: degree {n} on [{mp.nstr(a, 6)}, {mp.nstr(b, 6)}], max weighted error {mp.nstr(err, 4)}'
              f' (2^{mp.nstr(mp.log(err, 2), 4) if err else "-inf"})')
        for k, ck in enumerate(c):
            print(f'  c{k} = {float(ck)!r:}' if fmt == 'double' else f'  c{k} = {mp.nstr(ck, 10)}  # {float(ck).hex()}')


if __name__ == '__main__':
    main()
