#!/usr/bin/env python3
"""Run ttftstat (no flags) and the oracle on a folder of real harness
files and compare n, errors, median, p95 and CV cell by cell.

    /usr/bin/python3 tests/oracle/real_check.py DIR [TTFTSTAT]

The folder is laid out like fixtures/harness/ (one subfolder per
harness: llmperf/, vllm/, ...), so the oracle knows each file's harness.
Real files are not in this repository; fixtures/README.md names those
this was run on.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness_oracle as oracle  # noqa: E402


def main():
    root = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else "./ttftstat"
    bad = checked = 0
    for base, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            p = os.path.join(base, f)
            want = oracle.read(p)
            r = subprocess.run([tool, "summary", "--bootstrap", "0",
                                "--format-out", "json", p],
                               capture_output=True, text=True)
            checked += 1
            if "error" in want:
                ok = r.returncode == want["error"] and want["says"] in r.stderr
                print("%-4s %s: exit %d" % ("ok" if ok else "BAD", p, r.returncode))
                bad += not ok
                continue
            want = oracle.stats(want)
            if r.returncode != 0:
                print("BAD  %s: exit %d %s" % (p, r.returncode, r.stderr[:200]))
                bad += 1
                continue
            got = json.loads(r.stdout)
            cells = {"/".join(c["group"].values()): c for c in got["cells"]}
            for key, w in want.items():
                c = cells.get(key)
                diffs = []
                if c is None:
                    diffs.append("missing")
                else:
                    for k in ("n", "errors"):
                        if c[k] != w[k]:
                            diffs.append("%s %s != %s" % (k, c[k], w[k]))
                    for k, g in (("median", c["ttft_s"]["median"]), ("p95", c["ttft_s"]["p95"]),
                                 ("cv_pct", c["cv_pct"])):
                        if k in w and (g is None or abs(g - w[k]) > 1e-9 * abs(w[k])):
                            diffs.append("%s %s != %s" % (k, g, w[k]))
                print("%-4s %s [%s] n=%d err=%d %s" % ("BAD" if diffs else "ok", p, key,
                      w["n"], w["errors"], " ".join(diffs)))
                bad += bool(diffs)
            if set(cells) - set(want):
                print("BAD  %s: cells the oracle lacks: %s" % (p, set(cells) - set(want)))
                bad += 1
    print("%d checked, %d bad" % (checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
