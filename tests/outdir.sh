#!/bin/sh
# outdir.sh — an output folder prepared by someone hostile cannot redirect,
# truncate or block what ttftstat writes, and a folder that cannot take
# the files is a clear error that leaves what was there.
#
#   * a symlink, a hard link, a FIFO or a dangling symlink at every name
#     `plot --render` writes: each is replaced by the new file, the file
#     it pointed at is untouched, nothing waits;
#   * a directory at an output name: 73, naming it;
#   * DIR a symlink to a directory (used: the user named it), to a file, a
#     dangling one, a FIFO, a file: 73, nothing created;
#   * DIR read-only and full: through tests/io_shim.so (EROFS on every
#     create; ENOSPC when an output file is closed), and on a real tmpfs
#     when this runs as root where mounting is allowed; 73 or 74, the old
#     files as they were, no temporary file left;
#   * two `plot --render` runs into one DIR at once: both succeed, every
#     file is one run's whole file.
# Part of `make check`; needs gnuplot (skipped without it).
set -u
tool=${TTFTSTAT:-./ttftstat}
shim=${IO_SHIM:-build/release/tests/io_shim.so}
work=$(mktemp -d "${TMPDIR:-/tmp}/ttftstat-outdir.XXXXXX")
mounted=
cleanup() {
    [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
input=fixtures/capture.csv
args="--bootstrap 1000 --terminal svg"

ok() { pass=$((pass + 1)); echo "outdir: ok: $*"; }
bad() { fail=$((fail + 1)); echo "outdir: FAILED: $*"; sed 's/^/    /' "$work/stderr" 2>/dev/null | head -5; }

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "outdir: skipped: gnuplot is not installed"
    exit 0
fi

# run DIR [extra args]: plot --render into DIR, bounded in time (a FIFO
# that blocked would otherwise hang the suite)
run() {
    d=$1
    shift
    timeout 120 "$tool" plot --render $args "$@" -o "$d" "$input" \
        >"$work/stdout" 2>"$work/stderr"
}

leftovers() { find "$1" -name '.ttftstat-*' | head -1; }

# the reference: what a clean run writes
run "$work/ref"
rc=$?
names=$(cd "$work/ref" && ls -A)
count=$(echo "$names" | wc -l)
if [ "$rc" -ne 0 ] || [ "$count" -lt 10 ]; then
    bad "reference run: exit $rc, $count files"
    exit 1
fi
[ -z "$(leftovers "$work/ref")" ] && ok "a clean run leaves no temporary file" \
    || bad "a clean run left $(leftovers "$work/ref")"

# same DIR: every file the one of the reference (SVGs hold no date)
same_as_ref() {
    for n in $names; do
        [ -f "$1/$n" ] && [ ! -L "$1/$n" ] || { echo "$n is not a regular file"; return 1; }
        [ "$(stat -c %h "$1/$n")" -eq 1 ] || { echo "$n has other links"; return 1; }
        cmp -s "$1/$n" "$work/ref/$n" || { echo "$n differs"; return 1; }
    done
    [ -z "$(leftovers "$1")" ] || { echo "left $(leftovers "$1")"; return 1; }
}

for kind in symlink hardlink fifo dangling; do
    d="$work/$kind"
    v="$work/victims-$kind"
    mkdir -p "$d" "$v"
    for n in $names; do
        echo "victim $n" >"$v/$n"
        case $kind in
            symlink) ln -s "$v/$n" "$d/$n" ;;
            hardlink) ln "$v/$n" "$d/$n" ;;
            fifo) mkfifo "$d/$n" ;;
            dangling) rm "$v/$n"; ln -s "$v/$n" "$d/$n" ;;
        esac
    done
    run "$d"
    rc=$?
    why=$(same_as_ref "$d")
    if [ "$rc" -ne 0 ]; then
        bad "a $kind at each of $count names: exit $rc"
    elif [ -n "$why" ]; then
        bad "a $kind at each of $count names: $why"
    else
        harmed=
        for n in $names; do
            if [ "$kind" = dangling ]; then
                [ -e "$v/$n" ] && harmed="$n"
            else
                [ "$(cat "$v/$n")" = "victim $n" ] || harmed="$n"
            fi
        done
        if [ -n "$harmed" ]; then
            bad "a $kind at each of $count names: $v/$harmed was written"
        else
            ok "a $kind at each of $count names is replaced, never followed"
        fi
    fi
done

# a directory where a file goes: refused, the directory kept
mkdir -p "$work/dirat/cv-bars.gp/inner"
run "$work/dirat"
rc=$?
if [ "$rc" -eq 73 ] && grep -q "cv-bars.gp" "$work/stderr" &&
   [ -d "$work/dirat/cv-bars.gp/inner" ] && [ -z "$(leftovers "$work/dirat")" ]; then
    ok "a directory at an output name: 73, kept"
else
    bad "a directory at an output name: exit $rc"
fi

# DIR itself
mkdir "$work/target"
ln -s "$work/target" "$work/link-to-dir"
run "$work/link-to-dir"
rc=$?
why=$(same_as_ref "$work/target")
[ "$rc" -eq 0 ] && [ -z "$why" ] && [ -L "$work/link-to-dir" ] \
    && ok "DIR a symlink to a directory: the files go into that directory" \
    || bad "DIR a symlink to a directory: exit $rc $why"

echo "a file" >"$work/plain"
ln -s "$work/plain" "$work/link-to-file"
ln -s "$work/nowhere" "$work/link-dangling"
mkfifo "$work/fifo-dir"
for what in plain link-to-file link-dangling fifo-dir; do
    run "$work/$what"
    rc=$?
    if [ "$rc" -eq 73 ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] &&
       grep -q "^ttftstat: cannot use '$work/$what' as the output folder" "$work/stderr" &&
       [ ! -e "$work/nowhere" ] && [ "$(cat "$work/plain")" = "a file" ]; then
        ok "DIR $what: 73, one line, nothing created"
    else
        bad "DIR $what: exit $rc"
    fi
done

# read-only and full, injected: the old files stay as they were
cp -R "$work/ref" "$work/old"
ro_check() {
    what=$1 want=$2
    rc=$3
    if [ "$rc" -ne "$want" ]; then
        bad "$what: exit $rc, want $want"
    elif [ "$(wc -l <"$work/stderr")" -ne 1 ]; then
        bad "$what: not one line on standard error"
    elif ! grep -q "$4" "$work/stderr"; then
        bad "$what: standard error lacks '$4'"
    elif [ -n "$(leftovers "$work/old")" ]; then
        bad "$what: left $(leftovers "$work/old")"
    elif ! diff -r "$work/old" "$work/ref" >/dev/null; then
        bad "$what: the old files changed"
    else
        ok "$what: $want, the old files kept"
    fi
}
TTFTSTAT_EROFS=1 LD_PRELOAD=$shim run "$work/old"
ro_check "DIR read-only (EROFS injected)" 73 $? "Read-only file system"
TTFTSTAT_EROFS=1 LD_PRELOAD=$shim run "$work/new-on-ro"
rc=$?
[ "$rc" -eq 73 ] && [ ! -e "$work/new-on-ro" ] && grep -q "cannot create the folder" "$work/stderr" \
    && ok "a new DIR on a read-only file system: 73" \
    || bad "a new DIR on a read-only file system: exit $rc"
TTFTSTAT_ENOSPC=1 LD_PRELOAD=$shim run "$work/old"
ro_check "DIR full (ENOSPC injected at close)" 74 $? "No space left on device"

# the same on real file systems, where this may mount them
if [ "$(id -u)" -eq 0 ] && mkdir "$work/mnt" &&
   mount -t tmpfs -o size=64k tmpfs "$work/mnt" 2>/dev/null; then
    mounted="$work/mnt"
    run "$work/mnt/figs"
    rc=$?
    if { [ "$rc" -eq 74 ] || [ "$rc" -eq 73 ]; } &&
       [ "$(wc -l <"$work/stderr")" -eq 1 ] &&
       grep -q "No space left on device" "$work/stderr" &&
       [ -z "$(leftovers "$work/mnt")" ]; then
        ok "a full tmpfs: $rc, one line, no temporary file left"
    else
        bad "a full tmpfs: exit $rc"
    fi
    umount "$work/mnt"
    mount -t tmpfs -o size=4m tmpfs "$work/mnt"
    cp -R "$work/ref" "$work/mnt/old"
    mount -o remount,ro "$work/mnt"
    run "$work/mnt/old"
    rc=$?
    if [ "$rc" -eq 73 ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] &&
       grep -q "Read-only file system" "$work/stderr" &&
       diff -r "$work/mnt/old" "$work/ref" >/dev/null; then
        ok "a read-only tmpfs: 73, one line, the old files kept"
    else
        bad "a read-only tmpfs: exit $rc"
    fi
    umount "$work/mnt"
    mounted=
else
    echo "outdir: skipped: real tmpfs (needs root where mount is allowed)"
fi

# two runs at once into one folder
mkdir "$work/both"
for i in 1 2; do
    (timeout 120 "$tool" plot --render $args -o "$work/both" "$input" \
        >"$work/stdout$i" 2>"$work/stderr$i"; echo $? >"$work/rc$i") &
done
wait
why=$(same_as_ref "$work/both")
rcs="$(cat "$work/rc1") $(cat "$work/rc2")"
if [ "$rcs" = "0 0" ] && [ -z "$why" ]; then
    ok "two runs into one folder at once: both 0, every file whole"
else
    cat "$work/stderr1" "$work/stderr2" >"$work/stderr"
    bad "two runs into one folder at once: exit $rcs $why"
fi

echo "outdir: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
