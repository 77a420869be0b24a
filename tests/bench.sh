#!/bin/sh
# bench.sh — `make bench`: speed and memory at scale, with the ceilings.
#
# Generates captures of 1e5, 1e6 and 1e7 rows (20 cells, warm/cold TTFTs,
# start times, statuses) as CSV and msgpack in a scratch folder outside the
# repository (BENCH_DIR, default $TMPDIR/ttftstat-bench; BENCH_ROWS to
# choose sizes), and measures for each: cat (the disk), the bare library
# parse (libcsv with empty callbacks, msgpack-c's streaming unpacker),
# ttftstat's ingest alone (parsing and mapping on two threads, and on one),
# `summary --bootstrap 0` (descriptive statistics and the mixture) and the
# full `summary` (B = 10000 and the mixture), with wall time, rows/s, MB/s
# and peak RSS.  The reading steps are timed best of seven up to 1e6 rows
# and of three above (they take fractions of a second and the machine is
# not quiet).  Ingest speed is
# also given as a percentage of the bare parse; peak RSS of the full
# summary as bytes per row (the slope between the smallest and the largest
# capture, so the program's fixed cost drops out).  The table goes to
# stdout and to build/bench/results.csv and results.json.
set -eu
bindir=${BUILD:-build/release}/tests
tool=${TTFTSTAT:-./ttftstat}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/ttftstat-bench}
sizes=${BENCH_ROWS:-100000 1000000 10000000}
mkdir -p "$dir" build/bench
out=build/bench/results.csv
json=build/bench/results.json
echo "format,rows,step,seconds,rows_per_s,mb_per_s,peak_rss_mb,pct_of_ceiling" > "$out"
printf '%-8s %9s %-18s %8s %12s %8s %8s %9s\n' format rows step seconds \
    rows/s MB/s RSS_MB ceiling%

# once: seconds and peak RSS (KB) of one run into $secs and $rss_kb
once() {  # step cmd...
    step=$1
    shift
    /usr/bin/time -f '%e %M' -o "$dir/time" "$@" > "$dir/stdout" 2>/dev/null
    set -- $(cat "$dir/time")
    secs=$1 rss_kb=$2
    # the bare parsers and the ingest time themselves, without process start
    case "$step" in
        libcsv|msgpack-c|ingest*) secs=$(cut -d' ' -f1 "$dir/stdout") ;;
    esac
}

measure() {  # fmt rows step mb ceiling reps cmd...
    fmt=$1 rows=$2 step=$3 mb=$4 ceil=$5 reps=$6
    shift 6
    best="" best_rss=0
    i=0
    while [ $i -lt "$reps" ]; do
        once "$step" "$@"
        if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$secs
        fi
        [ "$rss_kb" -gt "$best_rss" ] && best_rss=$rss_kb
        i=$((i + 1))
    done
    secs=$best
    rss=$((best_rss / 1024))
    pct=""
    [ "$ceil" != "-" ] && pct=$(awk -v c="$ceil" -v s="$secs" 'BEGIN { printf "%.0f", 100 * c / s }')
    awk -v f="$fmt" -v r="$rows" -v st="$step" -v s="$secs" -v mb="$mb" \
        -v rss="$rss" -v p="$pct" 'BEGIN {
        s = s < 0.001 ? 0.001 : s
        printf "%-8s %9d %-18s %8.3f %12.0f %8.0f %8d %9s\n", f, r, st, s, r / s, mb / s, rss, p }'
    echo "$fmt,$rows,$step,$secs,$(awk -v r="$rows" -v s="$secs" 'BEGIN { print r / (s < 0.001 ? 0.001 : s) }'),$(awk -v m="$mb" -v s="$secs" 'BEGIN { print m / (s < 0.001 ? 0.001 : s) }'),$rss,$pct" >> "$out"
    last=$secs
    last_rss_kb=$best_rss
}

for rows in $sizes; do
    for fmt in csv msgpack; do
        f="$dir/capture-$rows.$fmt"
        [ -s "$f" ] || "$bindir/bench_gen" "$fmt" "$rows" > "$f"
        mb=$(awk -v b="$(wc -c < "$f")" 'BEGIN { print b / 1e6 }')
        # short reads vary most between runs: more tries for them
        reps=3
        [ "$rows" -le 1000000 ] && reps=7
        measure "$fmt" "$rows" cat "$mb" - "$reps" cat "$f"
        if [ "$fmt" = csv ]; then
            measure "$fmt" "$rows" libcsv "$mb" - "$reps" "$bindir/bench_ingest" libcsv "$f"
        else
            measure "$fmt" "$rows" msgpack-c "$mb" - "$reps" "$bindir/bench_ingest" msgpack "$f"
        fi
        ceiling=$last
        measure "$fmt" "$rows" ingest "$mb" "$ceiling" "$reps" "$bindir/bench_ingest" ingest "$f"
        measure "$fmt" "$rows" "ingest 1 thread" "$mb" "$ceiling" "$reps" "$bindir/bench_ingest" ingest "$f" 1
        measure "$fmt" "$rows" "summary -B0" "$mb" - 1 "$tool" summary --bootstrap 0 "$f"
        measure "$fmt" "$rows" "summary B=10000" "$mb" - 1 "$tool" summary "$f"
        echo "$fmt $rows $last_rss_kb" >> "$dir/rss"
    done
done

# peak RSS per row of the full summary: the slope from the smallest to the
# largest capture
slopes=$(awk '
    { if (!($1 in lo) || $2 < lo[$1]) { lo[$1] = $2; lokb[$1] = $3 }
      if (!($1 in hi) || $2 > hi[$1]) { hi[$1] = $2; hikb[$1] = $3 } }
    END { for (f in lo) if (hi[f] > lo[f])
        printf "%s %.1f\n", f, 1024 * (hikb[f] - lokb[f]) / (hi[f] - lo[f]) }' "$dir/rss" | sort)
rm -f "$dir/rss"
echo "$slopes" | while read -r f b; do
    [ -n "$f" ] || continue
    verdict=$(awk -v b="$b" 'BEGIN { print b <= 40 ? "within" : "over" }')
    echo "peak RSS of summary, $f: $b bytes per row ($verdict the 40-byte goal)"
done

# the same table as JSON
awk -F, -v slopes="$slopes" -v cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 0)" '
    NR == 1 { next }
    { rows[NR] = sprintf("    {\"format\": \"%s\", \"rows\": %s, \"step\": \"%s\", \"seconds\": %s, \"rows_per_s\": %s, \"mb_per_s\": %s, \"peak_rss_mb\": %s, \"pct_of_ceiling\": %s}",
          $1, $2, $3, $4, $5, $6, $7, $8 == "" ? "null" : $8); last = NR }
    END {
        printf "{\n  \"cpus\": %d,\n  \"results\": [\n", cpus
        for (i = 2; i <= last; i++) printf "%s%s\n", rows[i], i < last ? "," : ""
        printf "  ],\n  \"rss_bytes_per_row\": {"
        n = split(slopes, s, "\n"); sep = ""
        for (i = 1; i <= n; i++) if (split(s[i], kv, " ") == 2) {
            printf "%s\"%s\": %s", sep, kv[1], kv[2]; sep = ", " }
        printf "}\n}\n"
    }' "$out" > "$json"
echo "results: $out, $json (scratch files in $dir)"
