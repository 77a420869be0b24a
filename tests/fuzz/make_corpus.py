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
    # fuzz_json: selector byte (fuzz_json.c: 0-9 a harness, 10-11
    # detection, 12 JSON, 13 JSON Lines, 14 YAML, 15 XML) + document
    with open(os.path.join(FIX, "capture.har")) as f:
        har = json.load(f)
    har["log"]["entries"] = har["log"]["entries"][:3]
    put("json", "har", bytes([0]) + json.dumps(har).encode())
    with open(os.path.join(FIX, "capture-mitmproxy.har")) as f:
        har = json.load(f)
    har["log"]["entries"] = har["log"]["entries"][:3]
    put("json", "har-mitmproxy", bytes([10]) + json.dumps(har).encode())
    put("json", "jsonl", bytes([13]) + head_lines(os.path.join(FIX, "capture.jsonl"), 6))
    put("json", "array", bytes([12]) + b'[{"model":"m","ttft_ms":12.5},{"model":"m","ttft_ms":"x"}]')
    put("json", "python-nan", bytes([11]) + b'{"model":"m","ttft_s":NaN,"x":-Infinity}\n{"model":"m","ttft_s":Infinity}\n')
    # every harness, small: a few records in its real shape, for detection
    H = os.path.join(FIX, "harness")

    def shrink(doc, path, n=3):
        """Keep the first n elements of the list at path (dotted, ints)."""
        node = doc
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node[k]
        last = keys[-1]
        node[last] = node[last][:n]

    cases = [
        (1, "llmperf/meta-llama-Llama-2-7b-chat-hf_550_150_individual_responses.json", None),
        (10, "llmperf-leaderboard/lepton_13b.json", None),
        (4, "genai-perf/artifacts/meta-llama_Llama-3.1-8B-Instruct-openai-chat-concurrency1/profile_export.json",
         "experiments.0.requests"),
        (11, "guidellm/0.5/benchmarks.json", "benchmarks.0.requests.successful"),
        (6, "guidellm/0.7/benchmarks.json", "benchmarks.0.requests.successful"),
        (10, "guidellm/0.3/benchmarks.json", "benchmarks.0.requests.successful"),
        (8, "llm-load-test/output.json", "results"),
        (11, "llm-load-test/v2/output.json", "results"),
    ]
    for sel, rel, path in cases:
        with open(os.path.join(H, rel)) as f:
            doc = json.load(f)
        if path is None:
            doc = doc[:3]
        else:
            shrink(doc, path)
        put("json", "h-" + rel.replace("/", "-"), bytes([sel]) + json.dumps(doc).encode())
    for rel in ["vllm/openai-chat-infqps-concurrency1-Llama-3.1-8B-Instruct-20260309-140000.json",
                "vllm/vllm-infqps-Llama-3.1-8B-Instruct-20250112-093000.json"]:
        with open(os.path.join(H, rel)) as f:
            doc = json.load(f)
        for k in ("input_lens", "output_lens", "ttfts", "itls", "start_times",
                  "generated_texts", "errors"):
            if k in doc:
                doc[k] = doc[k][:4]
        put("json", "h-" + rel.replace("/", "-"), bytes([10]) + json.dumps(doc).encode())
    for sel, rel, n in [(3, "sglang/sglang_0309_30_random.jsonl", 1),
                        (11, "sglang/details-nested.jsonl", 1),
                        (5, "aiperf/0.1/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/profile_export.jsonl", 4),
                        (10, "aiperf/0.2/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/profile_export.jsonl", 4),
                        (7, "k6/results.json", 12), (11, "k6/results.json", 14)]:
        lines = head_lines(os.path.join(H, rel), n)
        if "sglang" in rel:
            doc = json.loads(lines)
            for k in ("input_lens", "output_lens", "ttfts", "itls", "generated_texts", "errors"):
                if k in doc:
                    doc[k] = doc[k][:4]
                if "details" in doc and k in doc["details"]:
                    doc["details"][k] = doc["details"][k][:4]
            lines = (json.dumps(doc) + "\n").encode()
        put("json", "h-%d-" % sel + rel.replace("/", "-"), bytes([sel]) + lines)
    # production traces: OTLP (a batch line cut to 3 spans), LiteLLM and
    # Langfuse records, left to detection
    with open(os.path.join(H, "otlp/otelcol-file-exporter.jsonl")) as f:
        doc = json.loads(f.readline())
    doc["resourceSpans"][0]["scopeSpans"][0]["spans"] = \
        doc["resourceSpans"][0]["scopeSpans"][0]["spans"][:3]
    put("json", "h-otlp", bytes([10]) + (json.dumps(doc) + "\n").encode())
    for rel, key in [("litellm/spend-logs.json", None), ("litellm/spend-logs-v2.json", "data"),
                     ("langfuse/api-observations.json", "data")]:
        with open(os.path.join(H, rel)) as f:
            doc = json.load(f)
        if key is None:
            doc = doc[:3]
        else:
            doc[key] = doc[key][:4]
        put("json", "h-" + rel.replace("/", "-"), bytes([10]) + json.dumps(doc).encode())
    put("json", "h-langfuse-blob-jsonl",
        bytes([11]) + head_lines(os.path.join(H, "langfuse/blob-export-observations.jsonl"), 4))
    for rel in ["litellm/LiteLLM_SpendLogs.csv", "langfuse/blob-export-observations.csv"]:
        put("csv", "h-" + rel.replace("/", "-"), head_lines(os.path.join(H, rel), 6))
    put("json", "h-guidellm-yaml", bytes([14]) + head_lines(os.path.join(H, "guidellm/0.7/benchmarks.yaml"), 160))
    put("json", "h-jmeter-xml", bytes([15]) + head_lines(os.path.join(H, "jmeter/results-xml.jtl"), 11) + b"</testResults>\n")
    for rel in ["llmperf/meta-llama-Llama-2-7b-chat-hf_550_150_summary.json", "vllm/summary-only.json",
                "k6/summary-export.json"]:
        with open(os.path.join(H, rel), "rb") as f:
            put("json", "h-agg-" + rel.replace("/", "-"), bytes([10]) + f.read()[:3000])
    # compressed inputs: gzip whole and cut short (zstd seeds are made by
    # `zstd` below when it is installed)
    import gzip
    small = head_lines(os.path.join(FIX, "capture.jsonl"), 4)
    gz = gzip.compress(small, mtime=0)
    put("json", "gzip", bytes([10]) + gz)
    put("json", "gzip-cut", bytes([10]) + gz[:len(gz) // 2])
    put("json", "gzip-two-members", bytes([10]) + gz + gz)
    import shutil
    import subprocess
    if shutil.which("zstd"):
        zs = subprocess.run(["zstd", "-q", "-c"], input=small, capture_output=True).stdout
        put("json", "zstd", bytes([10]) + zs)
        put("json", "zstd-cut", bytes([10]) + zs[:len(zs) // 2])
    # deep key paths: past 512 bytes (a fixed buffer overflowed there) and
    # past the 64 KiB limit
    k = "k" * 600
    put("json", "deep-keys", bytes([11]) + ('{"%s":{"%s":{"ttft_s":0.4}},"model":"m"}\n' % (k, k)).encode())
    put("json", "long-key", bytes([11]) + ('{"ttft_s":0.3,"%s":{"y":1}}\n{"ttft_s":0.2}\n' % ("x" * 40000)).encode())
    for i, s in enumerate(["2026-03-02T08:05:15.348Z", "2024-02-29T23:59:59+01:00",
                           "1772438715349", "2026-03-02 08:05:15", "-1.5e3",
                           "1969-12-31T23:59:59.5-05:30", "nan", "0x10"]):
        put("time", "seed%d" % i, s.encode())
    # the gnuplot writer: the hostile names of tests/expected/labels.txt
    with open(os.path.join(ROOT, "tests", "expected", "labels.txt")) as f:
        for i, line in enumerate(l for l in f if not l.startswith("#")):
            put("gp", "label%02d" % i, bytes.fromhex(line.split()[1]))


if __name__ == "__main__":
    main()
