#!/usr/bin/env python3
"""Write the fuzz targets' seed corpora from the fixtures (deterministic).

    python3 tests/fuzz/make_corpus.py

Seeds are small (a few KB): the head of each fixture, cut at a record
boundary, so mutations explore structure rather than bulk.  fuzz_json's
first byte picks the format or preset (see fuzz_json.c).
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "fixtures")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head_lines(path, n):
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(n))


def main():
    for name in ["capture.csv", "capture-excel.csv", "capture.tsv",
                 "jmeter.jtl.csv", "k6.csv"]:
        put("csv", name, head_lines(os.path.join(FIX, name), 12))
    for name in sorted(os.listdir(os.path.join(FIX, "bad"))):
        with open(os.path.join(FIX, "bad", name), "rb") as f:
            put("csv", "bad-" + name, f.read())
    for name in ["capture.msgpack", "capture-array.msgpack"]:
        with open(os.path.join(FIX, name), "rb") as f:
            put("msgpack", name, f.read()[:1500])
    # fuzz_json: selector byte + document
    with open(os.path.join(FIX, "capture.har")) as f:
        har = json.load(f)
    har["log"]["entries"] = har["log"]["entries"][:3]
    put("json", "har", bytes([0]) + json.dumps(har).encode())
    with open(os.path.join(FIX, "capture-mitmproxy.har")) as f:
        har = json.load(f)
    har["log"]["entries"] = har["log"]["entries"][:3]
    put("json", "har-mitmproxy", bytes([9]) + json.dumps(har).encode())
    for sel, path in [(1, "llmperf/llama-3.1-70b_550_150_individual_responses.json"),
                      (2, "vllm-bench.json"), (3, "genai-perf/profile_export.json"),
                      (5, "guidellm/benchmarks.json")]:
        with open(os.path.join(FIX, path)) as f:
            doc = json.load(f)
        text = json.dumps(doc)[:4000]
        put("json", path.split("/")[0], bytes([sel]) + text.encode())
    put("json", "aiperf", bytes([4]) + head_lines(os.path.join(FIX, "aiperf/profile_export.jsonl"), 4))
    put("json", "k6-json", bytes([6]) + head_lines(os.path.join(FIX, "k6.json"), 6))
    put("json", "jsonl", bytes([8]) + head_lines(os.path.join(FIX, "capture.jsonl"), 6))
    put("json", "array", bytes([7]) + b'[{"model":"m","ttft_ms":12.5},{"model":"m","ttft_ms":"x"}]')
    for i, s in enumerate(["2026-03-02T08:05:15.348Z", "2024-02-29T23:59:59+01:00",
                           "1772438715349", "2026-03-02 08:05:15", "-1.5e3",
                           "1969-12-31T23:59:59.5-05:30", "nan", "0x10"]):
        put("time", "seed%d" % i, s.encode())


if __name__ == "__main__":
    main()
