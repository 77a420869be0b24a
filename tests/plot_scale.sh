#!/bin/sh
# plot_scale.sh — `plot` and `report` are linear in the number of cells.
#
# Captures of 1e4, 3e4 and 1e5 cells (three requests each, so that the
# analysis is cheap and the figures are what is measured) go through
# `plot` (no render) and `report` on one cell in 100 (render included);
# the time per cell from the smallest to the largest must not grow by
# more than half (a quadratic step would multiply it by ten), and the
# files written stay bounded by --max-figures.  Part of `make bench`.
set -u
tool=${TTFTSTAT:-./ttftstat}
dir=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-scale.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
fail=0

gen() {  # cells file
    awk -v n="$1" 'BEGIN {
        print "model,provider,start_time,ttft_s"; t = 1772438715; srand(1)
        for (c = 0; c < n; c++) for (k = 0; k < 3; k++)
            printf "m%d,p%d,%d,%.4f\n", int(c / 100), c % 100, ++t, 0.3 + rand() / 5
    }' > "$2"
}

per=""
for n in 10000 30000 100000; do
    gen "$n" "$dir/c$n.csv"
    rm -rf "$dir/out"
    start=$(date +%s.%N)
    "$tool" plot -q --bootstrap 0 -o "$dir/out" "$dir/c$n.csv" || fail=1
    end=$(date +%s.%N)
    files=$(ls "$dir/out" | wc -l)
    us=$(awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "%.2f", 1e6 * (e - s) / n }')
    echo "plot: $n cells: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s, $us us per cell, $files files"
    per="$per $us"
done
set -- $per
awk -v a="$1" -v b="$3" 'BEGIN {
    r = b / a
    printf "plot: time per cell at 1e5 / at 1e4 = %.2f (%s)\n", r, r <= 1.5 ? "linear" : "NOT linear"
    exit r <= 1.5 ? 0 : 1 }' || fail=1
if command -v gnuplot >/dev/null 2>&1; then
    rm -rf "$dir/rep"
    start=$(date +%s.%N)
    "$tool" report -q --bootstrap 0 -o "$dir/rep" "$dir/c100000.csv" || fail=1
    end=$(date +%s.%N)
    echo "report: 100000 cells: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s, $(ls "$dir/rep" | wc -l) files, index.html $(wc -c < "$dir/rep/index.html") bytes"
fi
[ "$fail" -eq 0 ]
