#!/usr/bin/env python3
"""Independent oracle for the report's findings: per model, the providers
to use.

    /usr/bin/python3 tests/oracle/report_oracle.py > tests/expected/report-findings.json

The rule the report documents, computed here from the raw files with
Python's own readers and numpy (Debian 12: numpy 1.24.2), nothing of
ttftstat's:

  * a request failed when the harness says so (CSV: status >= 400 or 0,
    or an error field; LLMPerf: a non-null error_code); a cell is
    unreliable when more than 5 % of its requests failed;
  * per model, the reliable providers sorted by p95 (numpy's "linear"
    quantile, Hyndman-Fan type 7), each tested against the one above
    with the bootstrap test of two p95s: 20000 ordinary resamples of each
    side (numpy.random.default_rng(20261201), not ttftstat's exact order
    statistics), p = (2k + 1) / (B + 1) with k the differences on the
    smaller side of 0 (Davison & Hinkley 1997, eq. 4.11); the p-values
    Holm-adjusted across every neighbour pair of every model (unreliable
    providers included, ranked after the reliable ones, as the ranking
    lists them);
  * the providers to use: the first, and each next one whose adjusted
    p-value is not below 0.05 (the data cannot tell them apart); of
    those, the ones whose CV (numpy.std(ddof=1) / mean) is below 100 %,
    when there are any (the cold-starts tier starts at 100 %).

Datasets: fixtures/capture.csv (--warmup 0) and the 19 files of
fixtures/harness/llmperf-leaderboard read with --name-from
'{provider}_{model}.json'.
"""
import csv
import glob
import json
import os
import re

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def capture_csv(path):
    cells = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            c = cells.setdefault((r["model"], r["provider"]), {"x": [], "fail": 0})
            st = int(r["status"]) if r["status"] else None
            failed = (st is not None and (st == 0 or st >= 400)) or bool(r["error"])
            if failed:
                c["fail"] += 1
            else:
                c["x"].append(float(r["ttft_ms"]) / 1000.0)
    return cells


def leaderboard(folder):
    cells = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        provider, model = re.match(r"(.*)_(.*)\.json$", os.path.basename(path)).groups()
        c = cells.setdefault((model, provider), {"x": [], "fail": 0})
        for r in json.load(open(path)):
            if r["error_code"] is not None:
                c["fail"] += 1
            elif 1e-9 <= r["ttft_s"] <= 1e6:
                c["x"].append(r["ttft_s"])
    return cells


RNG = np.random.default_rng(20261201)
B = 20000


def p95_test(a, b):
    a, b = np.asarray(a), np.asarray(b)
    qa = np.quantile(RNG.choice(a, (B, a.size)), 0.95, axis=1, method="linear")
    qb = np.quantile(RNG.choice(b, (B, b.size)), 0.95, axis=1, method="linear")
    d = qb - qa
    k = min(int((d <= 0).sum()), int((d >= 0).sum()))
    return min(1.0, (2 * k + 1) / (B + 1))


def holm(ps):
    idx = sorted(range(len(ps)), key=lambda i: ps[i])
    adj, running = [0.0] * len(ps), 0.0
    for rank, i in enumerate(idx):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        adj[i] = running
    return adj


def findings(cells):
    models = {}
    for (m, p), c in cells.items():
        n = len(c["x"]) + c["fail"]
        if not c["x"]:
            continue
        models.setdefault(m, []).append({
            "provider": p, "x": c["x"],
            "p95": float(np.quantile(np.array(c["x"]), 0.95, method="linear")),
            "cv": float(100 * np.std(c["x"], ddof=1) / np.mean(c["x"]))
                  if len(c["x"]) > 1 else float("nan"),
            "unreliable": n > 0 and c["fail"] / n > 0.05})
    pairs, order = [], {}
    for m, ps in models.items():
        ps.sort(key=lambda e: (e["unreliable"], e["p95"]))
        order[m] = ps
        for i in range(1, len(ps)):
            pairs.append((m, i, p95_test(ps[i - 1]["x"], ps[i]["x"])))
    adj = holm([p for _, _, p in pairs])
    adjusted = {(m, i): a for (m, i, _), a in zip(pairs, adj)}
    out = {}
    for m, ps in order.items():
        if ps[0]["unreliable"]:
            out[m] = []
            continue
        use = [ps[0]["provider"]]
        for i in range(1, len(ps)):
            if ps[i]["unreliable"] or adjusted[(m, i)] < 0.05:
                break
            use.append(ps[i]["provider"])
        steady = [u for u in use if next(e for e in ps if e["provider"] == u)["cv"] < 100]
        out[m] = steady or use
    return out


def main():
    result = {
        "capture": findings(capture_csv(os.path.join(ROOT, "fixtures", "capture.csv"))),
        "leaderboard": findings(leaderboard(os.path.join(ROOT, "fixtures", "harness",
                                                         "llmperf-leaderboard"))),
    }
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
