#!/usr/bin/env python3
"""Samples and scipy.stats.bootstrap intervals for tests/test_bootstrap.c.

    /usr/bin/python3 tests/oracle/bootstrap_oracle.py

Writes tests/data/boot-*.txt and prints, per sample, statistic and method,
scipy's 95 % interval with n_resamples=200000 (its Monte-Carlo error is then
small), and the standard deviation of each endpoint over 20 runs of scipy
with n_resamples=10000 — the Monte-Carlo error of one run at ttftstat's
default B, from which test_bootstrap.c derives its tolerances.
Produced with Debian 12's python3-scipy 1.10.1 and python3-numpy 1.24.2.
"""
import os

import numpy as np
import scipy.stats as ss

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def q(p):
    return lambda a, axis: np.quantile(a, p, axis=axis)


STATS = [("median", q(0.5)), ("p95", q(0.95)), ("p99", q(0.99)),
         ("mean", lambda a, axis: np.mean(a, axis=axis)),
         ("cv_pct", lambda a, axis: 100 * np.std(a, ddof=1, axis=axis)
          / np.mean(a, axis=axis))]


def interval(x, f, method, B, seed):
    r = ss.bootstrap((x,), f, n_resamples=B, method=method,
                     confidence_level=0.95, vectorized=True, batch=2000,
                     random_state=np.random.default_rng(seed))
    return r.confidence_interval.low, r.confidence_interval.high


def main():
    rng = np.random.default_rng(2026)
    n = 90
    cold = rng.random(n) < 0.08
    x = np.where(cold, 15.0 * np.exp(rng.normal(0, 0.5, n)),
                 0.32 * np.exp(rng.normal(0, 0.25, n)))
    samples = {"boot-bimodal": np.round(x, 4)}      # 0.1 ms, like real logs
    rng = np.random.default_rng(2027)
    samples["boot-lognormal"] = np.round(0.5 * np.exp(rng.normal(0, 0.4, 40)), 4)
    for name, x in samples.items():
        with open(os.path.join(ROOT, "tests", "data", name + ".txt"), "w") as f:
            for v in x:
                f.write(repr(float(v)) + "\n")
        for sname, fn in STATS:
            for method in ("percentile", "BCa"):
                lo, hi = interval(x, fn, method, 200000, 12345)
                runs = np.array([interval(x, fn, method, 10000, s)
                                 for s in range(20)])
                print("%s %s %s: [%r, %r] sd10k [%.3g, %.3g]" % (
                    name, sname, method, float(lo), float(hi),
                    runs[:, 0].std(ddof=1), runs[:, 1].std(ddof=1)))


if __name__ == "__main__":
    main()
