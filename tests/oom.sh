#!/bin/sh
# oom.sh — every allocation failure ends in exit 71 and one message.
#
# For each command and reader below, runs ttftstat under tests/oom_shim.so
# with the N-th allocation failing (and all after it), N = 1, 2, 3, ...
# until a run completes.  Every failing run must exit 71, end its standard
# error with "ttftstat: out of memory", write nothing to standard output,
# and not crash; the run that completes must print what a run with all the
# memory it wants prints.  Part of `make check`.
set -u
tool=${TTFTSTAT:-./ttftstat}
shim=${OOM_SHIM:-build/release/tests/oom_shim.so}
out=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-oom.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
pass=0
fail=0
loop() {
    # what a run with all the memory it wants prints
    "$tool" "$@" >"$out/want" 2>/dev/null
    n=1
    while :; do
        TTFTSTAT_FAIL_AT=$n LD_PRELOAD=$shim "$tool" "$@" \
            >"$out/stdout" 2>"$out/stderr"
        rc=$?
        if [ "$rc" -ne 71 ]; then
            if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
                echo "oom: FAILED at allocation $n: exit $rc: ttftstat $*"
                tail -3 "$out/stderr"
                fail=$((fail + 1))
                return
            fi
            # the run completed: with all of its output, or it failed
            # silently on the way
            if ! cmp -s "$out/stdout" "$out/want"; then
                echo "oom: FAILED at allocation $n: complete-looking but" \
                     "different output: ttftstat $*"
                fail=$((fail + 1))
                return
            fi
            break
        fi
        if [ -s "$out/stdout" ] ||
           [ "$(tail -n 1 "$out/stderr")" != "ttftstat: out of memory" ]; then
            echo "oom: FAILED at allocation $n: ttftstat $*"
            tail -3 "$out/stderr"
            fail=$((fail + 1))
            return
        fi
        n=$((n + 1))
    done
    pass=$((pass + 1))
}
loop summary --bootstrap 50 fixtures/bad/nan-ttft.csv
loop summary --bootstrap 50 --format-out json fixtures/capture.csv
loop summary --bootstrap 50 fixtures/capture.msgpack
loop summary --bootstrap 50 fixtures/capture-mitmproxy.har
loop summary --bootstrap 50 --ttft metrics.ttft_ms fixtures/capture.jsonl
loop summary --bootstrap 50 fixtures/harness/genai-perf/artifacts/meta-llama_Llama-3.1-8B-Instruct-openai-chat-concurrency1/profile_export.json
loop classify fixtures/capture.tsv
loop compare --bootstrap 50 fixtures/capture.csv fixtures/capture-new.csv
loop rank --bootstrap 50 fixtures/capture.csv
loop plot --bootstrap 50 -o "$out/plots" fixtures/capture.csv
echo "oom: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
