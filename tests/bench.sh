#!/bin/sh
# bench.sh — `make bench`: speed and memory at scale, with the ceilings.
#
# Generates captures of 1e5, 1e6 and 1e7 rows (20 cells, warm/cold TTFTs,
# start times, statuses) as CSV and msgpack in a scratch folder outside the
# repository (BENCH_DIR, default $TMPDIR/ttftstat-bench; BENCH_ROWS to
# choose sizes), and measures for each: cat (the disk), the bare library
# parse (libcsv with empty callbacks, msgpack-c unpack), ttftstat's ingest
# alone, `summary --bootstrap 0` (descriptive statistics and the mixture)
# and the full `summary` (B = 10000 and the mixture), with wall time,
# rows/s, MB/s and peak RSS.  The table goes to stdout and, as CSV, to
# build/bench/results.csv.
set -eu
bindir=${BUILD:-build/release}/tests
tool=${TTFTSTAT:-./ttftstat}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/ttftstat-bench}
sizes=${BENCH_ROWS:-100000 1000000 10000000}
mkdir -p "$dir" build/bench
out=build/bench/results.csv
echo "format,rows,step,seconds,rows_per_s,mb_per_s,peak_rss_mb,pct_of_ceiling" > "$out"
printf '%-8s %9s %-18s %8s %12s %8s %8s %9s\n' format rows step seconds \
    rows/s MB/s RSS_MB ceiling%

measure() {  # fmt rows step mb ceiling cmd...
    fmt=$1 rows=$2 step=$3 mb=$4 ceil=$5
    shift 5
    /usr/bin/time -f '%e %M' -o "$dir/time" "$@" > "$dir/stdout" 2>/dev/null
    set -- $(cat "$dir/time")
    secs=$1 rss=$(( $2 / 1024 ))
    # the bare parsers time themselves, without process start
    case "$step" in
        libcsv|msgpack-c|ingest) secs=$(cut -d' ' -f1 "$dir/stdout") ;;
    esac
    pct=""
    [ "$ceil" != "-" ] && pct=$(awk -v c="$ceil" -v s="$secs" 'BEGIN { printf "%.0f", 100 * c / s }')
    awk -v f="$fmt" -v r="$rows" -v st="$step" -v s="$secs" -v mb="$mb" \
        -v rss="$rss" -v p="$pct" 'BEGIN {
        s = s < 0.001 ? 0.001 : s
        printf "%-8s %9d %-18s %8.3f %12.0f %8.0f %8d %9s\n", f, r, st, s, r / s, mb / s, rss, p }'
    echo "$fmt,$rows,$step,$secs,$(awk -v r="$rows" -v s="$secs" 'BEGIN { print r / (s < 0.001 ? 0.001 : s) }'),$(awk -v m="$mb" -v s="$secs" 'BEGIN { print m / (s < 0.001 ? 0.001 : s) }'),$rss,$pct" >> "$out"
    last=$secs
}

for rows in $sizes; do
    for fmt in csv msgpack; do
        f="$dir/capture-$rows.$fmt"
        [ -s "$f" ] || "$bindir/bench_gen" "$fmt" "$rows" > "$f"
        mb=$(awk -v b="$(wc -c < "$f")" 'BEGIN { print b / 1e6 }')
        measure "$fmt" "$rows" cat "$mb" - cat "$f"
        if [ "$fmt" = csv ]; then
            measure "$fmt" "$rows" libcsv "$mb" - "$bindir/bench_ingest" libcsv "$f"
        else
            measure "$fmt" "$rows" msgpack-c "$mb" - "$bindir/bench_ingest" msgpack "$f"
        fi
        ceiling=$last
        measure "$fmt" "$rows" ingest "$mb" "$ceiling" "$bindir/bench_ingest" ingest "$f"
        measure "$fmt" "$rows" "summary -B0" "$mb" - "$tool" summary --bootstrap 0 "$f"
        measure "$fmt" "$rows" "summary B=10000" "$mb" - "$tool" summary "$f"
    done
done
echo "results: $out (scratch files in $dir)"
