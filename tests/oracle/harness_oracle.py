#!/usr/bin/env python3
"""Independent oracle for the harness outputs: n, errors, median, p95, CV.

For every file under fixtures/harness/ (or the directories given), reads
it with a parser of its own per harness — json, csv, yaml and
xml.etree from Python, nothing of ttftstat's — applies each harness's
documented rules (which field is the TTFT and in which unit, what marks a
failure, where the model and provider come from) and computes the
statistics with numpy:

    /usr/bin/python3 tests/oracle/harness_oracle.py > tests/expected/harnesses.json
    /usr/bin/python3 tests/oracle/harness_oracle.py DIR...   # real files

Produced with Debian 12's python3-numpy 1.24.2 and python3-yaml 6.0.
Definitions: numpy.quantile(method="linear") (Hyndman-Fan type 7),
numpy.std(ddof=1), cv_pct = 100 * sd / mean.  Cells are keyed by the
group values joined with "/" in the order of the harness's default keys.
"""
import csv
import gzip
import io
import json
import math
import os
import re
import sys
import xml.etree.ElementTree as ET

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def opened(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def host(url):
    m = re.match(r"^[a-z]+://(?:[^/@]*@)?([^/:?#]+)", url or "")
    return m.group(1) if m else None


def add(cells, key, ttft=None, failed=False):
    # a key part that is None is a key the record lacks: left out
    if isinstance(key, tuple):
        key = "/".join(str(k) for k in key if k is not None)
    c = cells.setdefault(key, {"x": [], "errors": 0})
    if failed:
        c["errors"] += 1
    elif ttft is not None and 1e-9 <= ttft <= 1e6:
        c["x"].append(ttft)


def load_json(text):
    # Python's json reads NaN and Infinity, as the harnesses wrote them
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(l) for l in text.splitlines() if l.strip()]


# ==== one reader per harness, by its own documentation ====

def llmperf(path, docs):
    cells = {}
    name = os.path.basename(path)
    m = re.match(r"(.*)_\d+_\d+_individual_responses\.json$", name)
    model = m.group(1) if m else re.sub(r"\.json$", "", name)
    for r in docs[0]:
        failed = r["error_code"] is not None
        add(cells, model, r["ttft_s"], failed)
    return cells


def vllm_like(path, docs, key_fn):
    cells = {}
    for d in docs:
        det = d.get("details", d)
        for i, t in enumerate(det["ttfts"]):
            add(cells, key_fn(d), t, det["errors"][i] != "")
    return cells


def vllm(path, docs):
    return vllm_like(path, docs, lambda d: (d["model_id"], d["label"]))


def sglang(path, docs):
    return vllm_like(path, docs, lambda d: (d.get("label") or d["backend"], d["request_rate"]))


def genai_perf(path, docs):
    cells = {}
    for exp in docs[0]["experiments"]:
        conc = exp["experiment"]["value"] if exp["experiment"]["mode"] == "concurrency" else None
        for r in exp["requests"]:
            model = json.loads(r["request_inputs"]["payload"])["model"]
            first = None
            for ts, out in zip(r["response_timestamps"], r["response_outputs"]):
                s = out["response"].strip()
                if s.startswith("data:"):
                    s = s[5:].strip()
                if s == "[DONE]":
                    continue
                ch = json.loads(s)["choices"][0]
                # a streamed chunk's delta, a completion's text, or a
                # non-streamed response's whole message
                if ((ch.get("delta") or {}).get("content") or ch.get("text") or
                        (ch.get("message") or {}).get("content")):
                    first = ts
                    break
            key = (model, conc)
            add(cells, key, None if first is None else (first - r["timestamp"]) / 1e9,
                first is None)
    return cells


def aiperf(path, docs):
    cells = {}
    folder = os.path.basename(os.path.dirname(path))
    model = re.sub(r"-(openai|triton|nim)-.*$", "", folder)
    conc = re.search(r"-concurrency(\d+)$", folder)
    key = (model, conc.group(1) if conc else None)
    units = {"s": 1, "ms": 1e3, "us": 1e6, "ns": 1e9}
    for r in docs:
        m = r["metrics"].get("time_to_first_token") or r["metrics"].get("ttft")
        failed = r["error"] is not None
        add(cells, key, None if m is None else m["value"] / units[m["unit"]], failed)
    return cells


def guidellm(path, docs):
    cells = {}
    doc = docs[0]
    for b in doc["benchmarks"]:
        cfg = b.get("config") or {}
        model = (cfg.get("backend") or {}).get("model") or (b.get("worker") or {}).get("backend_model")
        target = (cfg.get("backend") or {}).get("target") or (b.get("worker") or {}).get("backend_target")
        strat = (cfg.get("strategy") or (b.get("args") or {}).get("strategy") or {}).get("type_")
        for bucket in ("successful", "errored", "incomplete"):
            for r in b["requests"].get(bucket) or []:
                m = model
                if isinstance(r.get("request_args"), str):
                    m = json.loads(r["request_args"])["body"]["model"]
                key = (m, host(target), strat)
                add(cells, key, (r.get("time_to_first_token_ms") or 0) / 1e3 or None,
                    bucket != "successful")
    return cells


def k6_json(path, docs):
    cells = {}
    for d in docs:
        if d["type"] != "Point" or d["metric"] != "http_req_waiting":
            continue
        tags = d["data"]["tags"]
        failed = tags.get("expected_response") == "false" or bool(tags.get("error")) \
            or not (0 < int(tags["status"]) < 400)
        key = (tags.get("model"), tags.get("provider") or host(tags["url"]))
        add(cells, key, d["data"]["value"] / 1e3, failed)
    return cells


def k6_csv(path, text):
    cells = {}
    for r in csv.DictReader(io.StringIO(text)):
        if r["metric_name"] != "http_req_waiting":
            continue
        tags = dict(kv.split("=", 1) for kv in r["extra_tags"].split("&") if kv)
        failed = r["expected_response"] == "false" or bool(r["error"]) or \
            not (0 < int(r["status"]) < 400)
        key = (tags.get("model"), host(r["url"]))
        add(cells, key, float(r["metric_value"]) / 1e3, failed)
    return cells


def jmeter_csv(path, text):
    cells = {}
    for r in csv.DictReader(io.StringIO(text)):
        rc = r["responseCode"]
        failed = r["success"] != "true" or not rc.isdigit() or not (0 < int(rc) < 400)
        add(cells, r["label"], float(r["Latency"]) / 1e3, failed)
    return cells


def jmeter_xml(path, text):
    cells = {}
    for s in ET.fromstring(text):
        rc = s.get("rc")
        failed = s.get("s") != "true" or not rc.isdigit() or not (0 < int(rc) < 400)
        add(cells, s.get("lb"), float(s.get("lt")) / 1e3, failed)
    return cells


def llm_load_test(path, docs):
    cells = {}
    d = docs[0]
    po = d.get("config", {}).get("plugin_options") or {}
    key = (po.get("model_name"), host(po.get("host")))
    if key == (None, None):
        key = path              # neither model nor provider: the file

    for r in d["results"]:
        if "TTFT" in r:
            add(cells, key, r["TTFT"] / 1e3)
        else:
            failed = r["error_text"] is not None or r["error_code"] is not None
            add(cells, key, None if r["ttft"] is None else r["ttft"] / 1e3, failed)
    return cells


# ==== production traces (observability tools) ====

def iso_seconds(text):
    """ISO 8601 or ClickHouse's 'YYYY-MM-DD hh:mm:ss.fff' (UTC) as epoch
    seconds, through the standard library's own parser."""
    import datetime as dt
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.timestamp()


def otel_value(v):
    for k in ("stringValue", "intValue", "doubleValue", "boolValue"):
        if k in v:
            return k, v[k]
    return None, None


FRAMEWORKS = {"langchain", "llama_index", "llamaindex", "langgraph", "crewai",
              "haystack", "autogen", "dspy"}


def otlp(path, text):
    """Model calls are spans with gen_ai.operation.name chat (or a request
    model) that are not a framework's wrapper; TTFT from
    gen_ai.response.time_to_first_chunk or gen_ai.server.time_to_first_token
    (an integer is nanoseconds); is_stream false or no TTFT: rejected."""
    cells, counts = {}, {"rejected": 0, "filtered": 0}
    for line in text.splitlines():
        if not line.strip():
            continue
        for rs in json.loads(line)["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for sp in ss["spans"]:
                    a = {}
                    for kv in sp.get("attributes", []):
                        a[kv["key"]] = otel_value(kv["value"])
                    op = a.get("gen_ai.operation.name", (None, None))[1]
                    system = (a.get("gen_ai.provider.name") or a.get("gen_ai.system")
                              or (None, None))[1]
                    call = (op in ("chat", "text_completion", "generate_content") or
                            (op is None and "gen_ai.request.model" in a))
                    if not call or (system or "").lower() in FRAMEWORKS:
                        counts["filtered"] += 1
                        continue
                    model = (a.get("gen_ai.request.model") or a.get("gen_ai.response.model"))[1]
                    key = (model, system)
                    code = sp.get("status", {}).get("code")
                    if "error.type" in a or code in ("STATUS_CODE_ERROR", 2):
                        add(cells, key, failed=True)
                        continue
                    if a.get("gen_ai.request.is_stream", (None, None))[1] is False:
                        counts["rejected"] += 1
                        continue
                    t = a.get("gen_ai.response.time_to_first_chunk") or \
                        a.get("gen_ai.server.time_to_first_token")
                    if t is None:
                        counts["rejected"] += 1
                        continue
                    kind, v = t
                    add(cells, key, float(v) / (1e9 if kind == "intValue" else 1))
    return cells, counts


def litellm(path, text):
    """TTFT = completionStartTime - startTime; completionStartTime equal to
    endTime (LiteLLM's fallback) or missing: rejected; status failure: an
    error.  Model: model_group, provider: custom_llm_provider."""
    if path.endswith(".csv"):
        recs = list(csv.DictReader(io.StringIO(text)))
    else:
        d = json.loads(text)
        recs = d["data"] if isinstance(d, dict) else d
    cells, counts = {}, {"rejected": 0, "filtered": 0}
    for r in recs:
        key = (r["model_group"] or r["model"], r["custom_llm_provider"])
        if r["status"] == "failure":
            add(cells, key, failed=True)
            continue
        first, end = r["completionStartTime"], r["endTime"]
        if not first or (end and iso_seconds(first) >= iso_seconds(end)):
            counts["rejected"] += 1
            continue
        add(cells, key, iso_seconds(first) - iso_seconds(r["startTime"]))
    return cells, counts


def langfuse(path, text):
    """GENERATION observations only; TTFT = completion start - start; a
    null completion start: rejected; level ERROR: an error.  Provider:
    modelParameters.system where the record has it."""
    if path.endswith(".csv"):
        recs = list(csv.DictReader(io.StringIO(text)))
    elif path.endswith(".jsonl"):
        recs = [json.loads(l) for l in text.splitlines() if l.strip()]
    else:
        d = json.loads(text)
        recs = d["data"] if isinstance(d, dict) else d
    cells, counts = {}, {"rejected": 0, "filtered": 0}
    for r in recs:
        snake = "start_time" in r
        if r["type"] != "GENERATION":
            counts["filtered"] += 1
            continue
        if snake:
            key = (r["provided_model_name"],)
            start, first = r["start_time"], r["completion_start_time"]
        else:
            key = (r["model"], (r.get("modelParameters") or {}).get("system"))
            start, first = r["startTime"], r["completionStartTime"]
        if r["level"] == "ERROR":
            add(cells, key, failed=True)
            continue
        if not first:
            counts["rejected"] += 1
            continue
        add(cells, key, iso_seconds(first) - iso_seconds(start))
    return cells, counts


# ==== which harness, by what the file is ====

AGGREGATE = re.compile(r"(_summary\.json|summary-only|profile_export_genai_perf|"
                       r"profile_export_aiperf|summary-export|run_stats|aggregate-report)")


def read(path):
    name = os.path.basename(path)
    if AGGREGATE.search(name):
        return {"error": 65, "says": "holds aggregates only"}
    if name == "java-sampler.jtl":
        return {"error": 65, "says": "Latency"}
    text = opened(path)
    if name.endswith(".yaml"):
        import yaml
        return guidellm(path, [yaml.safe_load(text)])
    if "jmeter" in path:
        return jmeter_xml(path, text) if text.lstrip().startswith("<") else jmeter_csv(path, text)
    if name.endswith(".csv") and "k6" in path:
        return k6_csv(path, text)
    for part, fn in (("/otlp/", otlp), ("/litellm/", litellm), ("/langfuse/", langfuse)):
        if part in path:
            cells, counts = fn(path, text)
            return {"cells": cells, **counts}
    docs = load_json(text)
    if "llmperf" in path:
        return llmperf(path, docs)
    for part, fn in (("/vllm/", vllm), ("/sglang/", sglang), ("genai-perf", genai_perf),
                     ("aiperf", aiperf), ("guidellm", guidellm), ("/k6/", k6_json),
                     ("llm-load-test", llm_load_test)):
        if part in path:
            return fn(path, docs)
    raise SystemExit("no reader for " + path)


def stats(cells):
    out = {}
    for key, c in sorted(cells.items()):
        x = np.array(c["x"], dtype=float)
        e = {"n": int(x.size), "errors": c["errors"]}
        if x.size:
            e["median"] = float(np.quantile(x, 0.5, method="linear"))
            e["p95"] = float(np.quantile(x, 0.95, method="linear"))
        if x.size >= 2:
            e["cv_pct"] = float(100 * np.std(x, ddof=1) / np.mean(x))
        out[key] = e
    return out


def main():
    dirs = sys.argv[1:] or [os.path.join(ROOT, "fixtures", "harness")]
    result = {}
    for d in dirs:
        for base, _, files in sorted(os.walk(d)):
            for f in sorted(files):
                p = os.path.join(base, f)
                rel = os.path.relpath(p, ROOT)
                r = read(p)
                if "error" in r:
                    result[rel] = r
                elif "rejected" in r:       # production traces: counts too
                    result[rel] = {"cells": stats(r["cells"]),
                                   "rejected": r["rejected"], "filtered": r["filtered"]}
                else:
                    result[rel] = {"cells": stats(r)}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
