#!/bin/sh
# har_memory.sh — a 500 MB HAR must be analysed in under 64 MB of memory.
#
# Writes a HAR of about 500 MB (entries with 200-400 KB response bodies, as
# real browser exports of streaming chat completions have) into a scratch
# folder outside the repository, runs `ttftstat summary` on it under
# /usr/bin/time, and fails if the peak resident set exceeds 64 MiB.
# Run by `make har-memory` (and `make bench`); not part of `make check`,
# since writing 500 MB takes a while.
set -eu
tool=${TTFTSTAT:-./ttftstat}
dir=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-har.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
python3 - "$dir/big.har" <<'PY'
import json, sys, random
rng = random.Random(7)
target = 500 * 1024 * 1024
with open(sys.argv[1], "w") as f:
    f.write('{"log": {"version": "1.2", "creator": {"name": "WebInspector"}, "entries": [\n')
    size, i = 0, 0
    while size < target:
        body = "data: " + "x" * rng.randint(200_000, 400_000) + "\n\n"
        e = {"startedDateTime": "2026-03-02T08:%02d:%02d.000Z" % (i // 60 % 60, i % 60),
             "request": {"method": "POST", "url": "https://api.p%d.example/v1/chat/completions" % (i % 3),
                         "postData": {"mimeType": "application/json", "text": json.dumps({"model": "m%d" % (i % 2)})}},
             "response": {"status": 200, "content": {"size": len(body), "text": body}},
             "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0.1,
                         "wait": rng.lognormvariate(5.8, 0.4), "receive": 900}}
        text = (",\n" if i else "") + json.dumps(e)
        f.write(text)
        size += len(text)
        i += 1
    f.write("\n]}}\n")
PY
ls -l "$dir/big.har" | awk '{ printf "har-memory: %.0f MB HAR\n", $5 / 1048576 }'
/usr/bin/time -v "$tool" summary --bootstrap 0 "$dir/big.har" >"$dir/out.txt" 2>"$dir/time.txt" || {
    cat "$dir/time.txt"; exit 1; }
kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$dir/time.txt")
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$dir/time.txt")
grep -E "rows" "$dir/out.txt" | sed "s/^/har-memory: /"
bytes=$(wc -c < "$dir/big.har")
rate=$(awk -v b="$bytes" -v t="$secs" 'BEGIN {
    n = split(t, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = s * 60 + p[i]
    printf "%.0f", b / 1e6 / (s < 0.01 ? 0.01 : s) }')
echo "har-memory: peak RSS $((kb / 1024)) MB, wall $secs ($rate MB/s)"
[ "$kb" -lt 65536 ] || { echo "har-memory: FAILED: over 64 MB"; exit 1; }
echo "har-memory: ok (under 64 MB)"
