#!/usr/bin/env python3
"""Samples and reference fits for tests/test_mixture.c.

    /usr/bin/python3 tests/oracle/mixture_oracle.py

Writes tests/data/mix-*.txt (TTFT samples in seconds, one per line, from
numpy's PCG64 with fixed seeds) and prints, for each, scikit-learn's
GaussianMixture fit on ln(TTFT) — the numbers test_mixture.c states next to
its assertions.  Produced with Debian 12's python3-numpy 1.24.2 and
python3-sklearn 1.2.1.  sklearn's defaults are tightened so that both
implementations reach the same maximum of the likelihood: tol 1e-12,
max_iter 100000, n_init 20, reg_covar 0 (ttftstat floors sd at 1e-3 on the
log scale, which none of these fits comes near).
"""
import os

import numpy as np
from sklearn.mixture import GaussianMixture

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bimodal(seed, n, share):
    rng = np.random.default_rng(seed)
    cold = rng.random(n) < share
    warm_x = 0.35 * np.exp(rng.normal(0, 0.25, n))
    cold_x = 12.0 * np.exp(rng.normal(0, 0.4, n))
    return np.where(cold, cold_x, warm_x), int(cold.sum())


def main():
    samples = {}
    for share in (0.05, 0.20, 0.40):
        x, k = bimodal(int(share * 100), 500, share)
        samples["mix-cold%02d" % int(share * 100)] = (x, k)
    rng = np.random.default_rng(7)
    samples["mix-lognormal"] = (0.4 * np.exp(rng.normal(0, 0.5, 500)), 0)
    rng = np.random.default_rng(8)
    samples["mix-heavy"] = (0.4 * np.exp(0.3 * rng.standard_t(3, 500)), 0)
    for name, (x, k) in samples.items():
        path = os.path.join(ROOT, "tests", "data", name + ".txt")
        with open(path, "w") as f:
            for v in x:
                f.write(repr(float(v)) + "\n")
        y = np.log(x).reshape(-1, 1)
        g = GaussianMixture(2, tol=1e-12, max_iter=100000, n_init=20,
                            reg_covar=0.0, random_state=0).fit(y)
        order = np.argsort(g.means_.ravel())
        w = g.weights_[order]
        mu = g.means_.ravel()[order]
        sd = np.sqrt(g.covariances_.ravel()[order])
        ll2 = g.score(y) * len(y)
        ll1 = float(np.sum(-0.5 * ((y - y.mean()) / y.std()) ** 2
                           - np.log(y.std()) - 0.5 * np.log(2 * np.pi)))
        dbic = (-2 * ll1 + 2 * np.log(len(y))) - (-2 * ll2 + 5 * np.log(len(y)))
        print("%s: true cold %d/500; sklearn w=%r mu=%r sd=%r ll2=%r "
              "ll1=%r delta_bic=%r" % (name, k, w.tolist(), mu.tolist(),
                                       sd.tolist(), ll2, ll1, dbic))


if __name__ == "__main__":
    main()
