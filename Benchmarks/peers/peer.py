"""What every peer script here shares: its command line, the thread set-up of ../shared/bench/jax_ref.py and
torch_ref.py (BLAS/OpenMP thread variables; for JAX the process limited to `--threads` CPUs, from which XLA:CPU sizes
its pool), and the timing loop. Import it before numpy, torch or jax, which read the variables when they load.

    args = peer.arguments(("--n", dict(type=int, default=2000)))
    timing = peer.timeit(step)   # seconds: med, min, max over `reps` samples of `inner` calls each
"""
import argparse, os, statistics, time


def arguments(*extra, framework_required=False):
    """Parses --framework torch|jax, --threads (default 2), --out and `extra` ((flag, argparse keywords) pairs), and
    limits the threads before any numerical library loads."""
    p = argparse.ArgumentParser()
    if framework_required:
        p.add_argument("--framework", choices=["torch", "jax"], required=True)
    else:
        p.add_argument("--framework", choices=["torch", "jax"], default="torch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", default=None)
    for flag, keywords in extra:
        p.add_argument(flag, **keywords)
    args = p.parse_args()
    for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[v] = str(args.threads)
    if args.framework == "jax":
        try:  # XLA:CPU sizes its pool from the schedulable CPUs (as jax_ref.py)
            cpus = sorted(os.sched_getaffinity(0))
            if args.threads < len(cpus):
                os.sched_setaffinity(0, cpus[:args.threads])
        except (AttributeError, OSError):
            pass
        os.environ.setdefault("JAX_PLATFORMS", "cpu")
    return args


def timeit(fn, reps=9, warmup=3, target=None):
    """Times `fn` after `warmup` calls: `reps` samples, each the mean of `inner` calls, `inner` chosen so that a
    sample lasts about `target` seconds (one call per sample when `target` is None)."""
    for _ in range(warmup):
        fn()
    inner = 1
    if target is not None:
        t0 = time.perf_counter(); fn(); single = time.perf_counter() - t0
        t0 = time.perf_counter(); fn(); single = min(single, time.perf_counter() - t0)
        inner = max(1, int(target / max(single, 1e-7)))
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
    return dict(med=statistics.median(samples), min=min(samples), max=max(samples), n=reps, inner=inner)
