#!/bin/sh
# bench_peer.sh — `make bench`, first part: ttftstat against what a user
# would run instead, side by side, in one run.
#
# The peer is ../shared/bench/peer_python.py (pandas, numpy, scipy.stats.
# bootstrap with B = 10000, scikit-learn's GaussianMixture), the traces
# those of ../shared/bench/gen_big.py (20 cells, 1e4 ... 1e7 rows); both
# live beside the repository (PEER_DIR to point elsewhere).  For each size
# the two programs run alternately — peer, ttftstat, peer, ttftstat ... —
# so a slow minute of the machine falls on both; each time is the whole
# process's wall time, and the ratio is the peer's median over ttftstat's.
#
#   PEER_SIZES   sizes compared (default "1e4 1e5 1e6")
#   PEER_RUNS    runs of each at 1e4 (default 5); above, the peer runs once
#                and ttftstat five times (the peer takes minutes there)
#   PEER_LIMIT   seconds the peer may take (default 300); when it does not
#                finish, the ratio is a lower bound, marked ">"
#   BIG_ROWS     the 1e7 line: ttftstat's full summary against bare libcsv
#                over the same file, the medians of five runs of each,
#                alternating (default 1e7; empty to skip)
#
# The table goes to stdout and build/bench/peer.csv.  Exits 1 when a ratio
# is below 50, the cost is not monotone in rows, or the 1e7 summary takes
# more than 1.5 times the bare parse (the goals of issue 18).
set -eu
tool=${TTFTSTAT:-./ttftstat}
bindir=${BUILD:-build/release}/tests
peer_dir=${PEER_DIR:-../shared/bench}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/ttftstat-bench}/peer
sizes=${PEER_SIZES:-1e4 1e5 1e6}
runs=${PEER_RUNS:-5}
limit=${PEER_LIMIT:-300}
big=${BIG_ROWS-1e7}
out=build/bench/peer.csv
py=/usr/bin/python3

if [ ! -f "$peer_dir/peer_python.py" ] || [ ! -f "$peer_dir/gen_big.py" ]; then
    echo "bench: no peer in $peer_dir (PEER_DIR): the comparison is skipped"
    exit 0
fi
mkdir -p "$dir" build/bench
all=$(printf '%s\n' $sizes $big | sort -u | tr '\n' ',' | sed 's/,$//')
for s in $(echo "$all" | tr ',' ' '); do
    [ -s "$dir/trace_$s.csv" ] && continue
    echo "bench: writing the gen_big.py traces ($all rows) into $dir"
    "$py" "$peer_dir/gen_big.py" "$dir" --sizes "$all" --formats csv > /dev/null
    break
done

# wall seconds of one run into $secs; 0 when it failed, "" past the limit
wall() {
    start=$(date +%s.%N)
    if timeout "$limit" "$@" > "$dir/stdout" 2> "$dir/stderr"; then
        secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
    else
        rc=$?
        [ "$rc" -eq 124 ] && secs="" && return 0
        echo "bench: '$*' failed ($rc):" >&2
        cat "$dir/stderr" >&2
        exit 1
    fi
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "rows,peer_s,ttftstat_s,ratio" > "$out"
printf '%-6s %12s %12s %9s\n' rows peer_s ttftstat_s ratio
fail=0 prev=""
for s in $sizes; do
    f="$dir/trace_$s.csv"
    peer_runs=$runs
    [ "$s" = 1e4 ] || peer_runs=1
    p_all="" t_all="" bound=""
    i=0
    while [ $i -lt "$runs" ]; do
        if [ $i -lt "$peer_runs" ] && [ -z "$bound" ]; then
            wall "$py" "$peer_dir/peer_python.py" "$f"
            if [ -z "$secs" ]; then bound=">"; p_all="$limit"; else p_all="$p_all $secs"; fi
        fi
        wall "$tool" summary "$f"
        t_all="$t_all $secs"
        i=$((i + 1))
    done
    p=$(echo "$p_all" | median)
    t=$(echo "$t_all" | median)
    ratio=$(awk -v p="$p" -v t="$t" 'BEGIN { printf "%.0f", p / t }')
    printf '%-6s %11s%1s %12s %8s%s\n' "$s" "$p" "$bound" "$t" "$bound" "${ratio}x"
    echo "$s,$bound$p,$t,$bound$ratio" >> "$out"
    [ "$ratio" -ge 50 ] || { echo "bench: below 50x at $s rows"; fail=1; }
    if [ -n "$prev" ] && awk -v a="$t" -v b="$prev" 'BEGIN { exit !(a < b) }'; then
        echo "bench: $s rows took less than the smaller size: the cost is not monotone"
        fail=1
    fi
    prev=$t
done

if [ -n "$big" ]; then
    f="$dir/trace_$big.csv"
    c_all="" t_all=""
    # five of each, alternating: the machine's speed moves by half from
    # one minute to the next, and the median of three moved with it
    for i in 1 2 3 4 5; do
        c_all="$c_all $("$bindir/bench_ingest" libcsv "$f" | cut -d' ' -f1)"
        /usr/bin/time -f '%e %M' -o "$dir/time" "$tool" summary "$f" > /dev/null 2>&1
        t_all="$t_all $(cut -d' ' -f1 "$dir/time")"
        kb=$(cut -d' ' -f2 "$dir/time")
    done
    c=$(echo "$c_all" | median)
    t=$(echo "$t_all" | median)
    x=$(awk -v c="$c" -v t="$t" 'BEGIN { printf "%.2f", t / c }')
    echo "$big rows: summary $t s, bare libcsv $c s: ${x}x (goal 1.5x); peak RSS $((kb / 1024)) MB"
    echo "$big-vs-libcsv,$c,$t,$x" >> "$out"
    awk -v x="$x" 'BEGIN { exit !(x > 1.5) }' && { echo "bench: the $big summary is over 1.5x the bare parse"; fail=1; }
fi
echo "results: $out"
exit $fail
