#!/bin/sh
# bad_scale.sh — 1 GB of input with 1 % corrupted records.
#
# Writes a CSV and a msgpack stream of about 1 GB each (tests/bench_gen:
# 20 cells, start times, statuses) in which 1 % of the records are
# corrupted record by record (a TTFT that is not a number, negative or
# missing; a record of the wrong shape), into a scratch folder outside the
# repository.  Then checks that `ttftstat summary` finishes, rejects exactly
# the corrupted records, names the first ten where the generator put them,
# and stays within the streaming bound: peak RSS at most 48 bytes per row
# plus 64 MiB, however large the file.  Run by `make bad-scale` (a few
# minutes and 2 GB of disk, so not part of `make check`).  CSV_ROWS and
# MSGPACK_ROWS override the sizes.
set -eu
tool=${TTFTSTAT:-./ttftstat}
gen=${BENCH_GEN:-build/release/tests/bench_gen}
dir=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-bad.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
fail=0

run() {
    fmt=$1 rows=$2
    f=$dir/bad.$fmt
    "$gen" "$fmt" "$rows" 1 "$dir/truth" >"$f"
    mb=$(($(wc -c <"$f") / 1000000))
    want=$(awk '/^rejected/ { print $2 }' "$dir/truth")
    /usr/bin/time -v "$tool" summary --bootstrap 0 -q --format-out json "$f" \
        >"$dir/out.json" 2>"$dir/time.txt" || {
        echo "bad-scale: FAILED: $fmt: exit $?"; tail -5 "$dir/time.txt"
        fail=1; return; }
    kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$dir/time.txt")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$dir/time.txt")
    python3 - "$dir/out.json" "$dir/truth" "$f" "$fmt" "$rows" "$kb" "$mb" "$secs" <<'PY' || fail=1
import json, sys
out, truth, path, fmt, rows, kb, mb, secs = sys.argv[1:]
rows, kb = int(rows), int(kb)
doc = json.load(open(out))
inp = doc["inputs"][0]
lines = open(truth).read().split("\n")
want = int([l for l in lines if l.startswith("rejected")][0].split()[1])
where = ["%s:%s" % (path, l) for l in lines if l and not l.startswith("rejected")]
got = [r["where"] for r in inp["rejections"]]
ok = True
def check(cond, what):
    global ok
    print("bad-scale: %s: %s: %s" % (fmt, "ok" if cond else "FAILED", what))
    ok = ok and cond
check(inp["rows"] == rows, "%d rows read (want %d)" % (inp["rows"], rows))
check(inp["rejected"] == want, "%d rejected (want exactly %d)" % (inp["rejected"], want))
check(inp["accepted"] == rows - want, "%d accepted" % inp["accepted"])
check(got == where[:len(got)] and len(got) == 10,
      "first %d rejections where the generator put them (%s ...)" % (len(got), ", ".join(g.split(":")[-1] for g in got[:3])))
bound = 48 * rows + 64 * 1048576
check(kb * 1024 <= bound, "%s MB file, peak RSS %d MB = %.1f B/row (bound 48 B/row + 64 MiB), wall %s"
      % (mb, kb // 1024, (kb * 1024 - 0) / rows, secs))
sys.exit(0 if ok else 1)
PY
    rm -f "$f"
}

run csv "${CSV_ROWS:-23000000}"
run msgpack "${MSGPACK_ROWS:-13000000}"
[ "$fail" -eq 0 ] && echo "bad-scale: ok" || { echo "bad-scale: FAILED"; exit 1; }
