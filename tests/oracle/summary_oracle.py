#!/usr/bin/env python3
"""Independent oracle for `ttftstat summary` on fixtures/capture.csv.

Re-implements SPEC.md's definitions with numpy (not with anything from
ttftstat) and writes the expected per-cell values that tests/test_cli.c
compares against ttftstat's JSON at 1e-9 relative:

    /usr/bin/python3 tests/oracle/summary_oracle.py

Produced with Debian 12's python3-numpy 1.24.2.  Definitions used:
  - quantiles: numpy.quantile(..., method="linear"), Hyndman-Fan type 7;
  - sd: numpy.std(..., ddof=1); cv_pct = 100 * sd / mean;
  - failed request: status 0 or >= 400, or a non-empty error field;
  - warm-up: the first N successful requests per cell in start-time order.
"""
import csv
import datetime as dt
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tier(cv):
    if cv < 40:
        return "well-supported"
    if cv < 100:
        return "variable"
    if cv < 300:
        return "cold-starts"
    return "not-production-ready"


def cells(path, warmup):
    groups = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            key = (r["model"], r["provider"])
            start = dt.datetime.fromisoformat(r["start_time"].replace("Z", "+00:00"))
            status = int(r["status"]) if r["status"] else 0
            failed = status == 0 or status >= 400 or r["error"] != ""
            ttft = None if failed else float(r["ttft_ms"]) / 1000.0
            groups.setdefault(key, []).append((start, failed, ttft))
    out = []
    for key in sorted(groups):
        reqs = sorted(groups[key], key=lambda x: x[0])  # stable: file order on ties
        errors = sum(1 for _, failed, _ in reqs if failed)
        ok = [t for _, failed, t in reqs if not failed]
        dropped = min(warmup, len(ok))
        x = np.array(ok[dropped:], dtype=float)
        mean = float(np.mean(x))
        sd = float(np.std(x, ddof=1))
        q = lambda p: float(np.quantile(x, p, method="linear"))
        cv = 100.0 * sd / mean
        out.append({
            "group": {"model": key[0], "provider": key[1]},
            "n": int(x.size), "warmup_discarded": dropped, "errors": errors,
            "ttft_s": {"min": float(x.min()), "median": q(0.5), "p90": q(0.9),
                       "p95": q(0.95), "p99": q(0.99), "max": float(x.max()),
                       "mean": mean, "sd": sd},
            "cv_pct": cv, "tier": tier(cv),
        })
    return out


def main():
    src = os.path.join(ROOT, "fixtures", "capture.csv")
    for warmup in (0, 2):
        dst = os.path.join(ROOT, "tests", "expected", "capture-warmup%d.json" % warmup)
        with open(dst, "w") as f:
            json.dump({"source": "tests/oracle/summary_oracle.py, numpy " + np.__version__,
                       "warmup": warmup, "cells": cells(src, warmup)}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
