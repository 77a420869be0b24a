#!/bin/sh
# valgrind.sh — the end-to-end paths under valgrind's memcheck: every
# reader, every command, small fixtures.  Zero errors and zero definite
# leaks, or the run fails (--error-exitcode).  Part of `make check`.
set -eu
tool=${TTFTSTAT:-./ttftstat}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: not installed; skipped (Debian: apt-get install valgrind)"
    exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-vg.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
pass=0
fail=0
run() {
    # exit status 0 or 1 (a gate) is the tool's; 99 is valgrind's verdict
    set +e
    $vg "$tool" "$@" >"$out/stdout" 2>"$out/stderr"
    rc=$?
    set -e
    if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' "$out/stderr"; then
        echo "valgrind: FAILED: ttftstat $*"
        cat "$out/stderr"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}
run summary --bootstrap 200 --warmup 2 fixtures/capture.csv
run summary --bootstrap 200 --format-out json fixtures/capture.msgpack
run summary --bootstrap 200 fixtures/capture-array.msgpack fixtures/capture.tsv
run summary --bootstrap 200 fixtures/capture-mitmproxy.har
run summary --bootstrap 200 --ttft metrics.ttft_ms fixtures/capture.jsonl
run summary --bootstrap 200 fixtures/harness/genai-perf/artifacts/meta-llama_Llama-3.1-8B-Instruct-openai-chat-concurrency1/profile_export.json
run summary --bootstrap 200 fixtures/harness/guidellm/0.7/benchmarks.yaml fixtures/harness/jmeter/results-xml.jtl fixtures/harness/k6/results.json.gz
run summary --bootstrap 200 fixtures/harness/vllm/openai-chat-infqps-concurrency1-Llama-3.1-8B-Instruct-20260309-140000.json
run summary --bootstrap 200 --preset k6 fixtures/k6.csv
run summary --bootstrap 200 fixtures/bad/unterminated-quote.csv
run summary fixtures/bad/no-ttft-column.csv
run classify fixtures/capture.csv
run compare --bootstrap 200 --fail-if regression fixtures/capture.csv fixtures/capture-new.csv
run rank --bootstrap 200 fixtures/capture.csv
run plot --bootstrap 200 -o "$out/plots" fixtures/capture.csv
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
