#!/bin/sh
# io.sh — input that fails while it is read is never taken for whole input.
#
# With tests/io_shim.so preloaded, an input file fails with EIO after a
# given number of bytes (the disk or network file system that fails in the
# middle of a file), or cannot be opened (EACCES, which root cannot produce
# with permission bits).  A read error must end the run with exit 74, one
# "ttftstat: FILE: read error ..." line and nothing on standard output; an
# unreadable file gives 66.  A FIFO whose writer stops early is a shorter
# file, which only the format can tell: the truncated record is reported
# and counted.  Part of `make check`.
set -u
tool=${TTFTSTAT:-./ttftstat}
shim=${IO_SHIM:-build/release/tests/io_shim.so}
out=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-io.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "io: ok: $*"; }
bad() { fail=$((fail + 1)); echo "io: FAILED: $*"; sed 's/^/    /' "$out/stderr"; }

# expect RC STDERR-PATTERN DESCRIPTION -- ttftstat arguments
expect() {
    want_rc=$1 pattern=$2 what=$3
    shift 4
    "$tool" "$@" >"$out/stdout" 2>"$out/stderr"
    rc=$?
    if [ "$rc" -ne "$want_rc" ]; then
        bad "$what: exit $rc, want $want_rc"
    elif [ "$want_rc" -ne 0 ] && [ -s "$out/stdout" ]; then
        bad "$what: exit $rc but a result on standard output"
    elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$out/stderr"; then
        bad "$what: standard error lacks '$pattern'"
    elif [ "$want_rc" -ne 0 ] && [ "$(wc -l <"$out/stderr")" -ne 1 ]; then
        bad "$what: more than one line on standard error"
    else
        ok "$what"
    fi
}

# inputs larger than the detection head (64 KiB), so that reads fail both
# in the head and in the streaming loop behind it
cp fixtures/capture.csv "$out/big.csv"
for i in 1 2 3 4 5 6 7 8; do
    tail -n +2 fixtures/capture.csv >>"$out/big.csv"
    cat fixtures/capture.msgpack >>"$out/big.msgpack"
    cat fixtures/capture.jsonl >>"$out/big.jsonl"
done
cp fixtures/capture-mitmproxy.har "$out/big.har"

for f in big.csv big.msgpack big.jsonl big.har; do
    size=$(wc -c <"$out/$f")
    map=
    [ "$f" = big.jsonl ] && map="--ttft metrics.ttft_ms"
    for at in 0 1000 $((size / 2)) $((size - 1)); do
        TTFTSTAT_EIO_FILE=$f TTFTSTAT_EIO_AFTER=$at LD_PRELOAD=$shim \
            expect 74 "^ttftstat: .*$f: read error.*: Input/output error$" \
            "$f: read error after $at of $size bytes" -- \
            summary --bootstrap 0 $map "$out/$f"
    done
    # the same file read whole is fine: the failures above are the shim's
    expect 0 "" "$f: read whole" -- summary --bootstrap 0 $map "$out/$f"
done

TTFTSTAT_EACCES_FILE=capture.csv LD_PRELOAD=$shim \
    expect 66 "^ttftstat: cannot open 'fixtures/capture.csv': Permission denied$" \
    "unreadable file" -- summary fixtures/capture.csv
if [ "$(id -u)" -ne 0 ]; then
    cp fixtures/capture.csv "$out/locked.csv" && chmod 000 "$out/locked.csv"
    expect 66 "Permission denied" "mode 000 file" -- summary "$out/locked.csv"
fi
expect 66 "it is a directory" "directory" -- summary fixtures
expect 66 "No such file" "missing file" -- summary "$out/absent.csv"

# A FIFO is accepted (process substitution, `<(zcat x.csv.gz)`); one whose
# writer stops in the middle of a record reports that record.
mkfifo "$out/fifo"
head -c 20000 fixtures/capture.msgpack >"$out/fifo" &
expect 0 "the file ends inside an entry" "FIFO closed inside a msgpack entry" -- \
    summary --bootstrap 0 "$out/fifo"
wait
head -c 20000 fixtures/capture.csv >"$out/fifo" &
expect 0 "$out/fifo:[0-9]*: record has 3 fields" "FIFO closed inside a CSV record" -- \
    summary --bootstrap 0 "$out/fifo"
wait
cat fixtures/capture.csv >"$out/fifo" &
expect 0 "" "FIFO read whole" -- summary --bootstrap 0 --format-out csv "$out/fifo"
wait
cp "$out/stdout" "$out/from-fifo"
"$tool" summary --bootstrap 0 --format-out csv fixtures/capture.csv 2>/dev/null |
    sed "s|fixtures/capture.csv|$out/fifo|g" >"$out/want"
if cmp -s "$out/from-fifo" "$out/want"; then
    ok "FIFO result equals the file's"
else
    fail=$((fail + 1)); echo "io: FAILED: FIFO result differs from the file's"
fi

echo "io: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
