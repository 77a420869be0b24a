#!/bin/sh
# deps.sh — make sure the Debian packages ttftstat builds and tests with are
# installed. As root it installs what is missing (non-interactive); otherwise
# it prints the exact apt-get line and fails, so `make` stops with a reason
# instead of a wall of missing-header errors.
#
# The list is the one place the project's system dependencies are named;
# README.md explains why each is there.
set -eu

# to build the program (plain `make`)
BUILD="gcc libc6-dev make pkg-config
       libgsl-dev libcsv-dev libmsgpack-dev libyajl-dev
       libxml2-dev libyaml-dev zlib1g-dev libzstd-dev"
# and to run it and its tests (`make check`, `make plots`): cmocka, the
# time zones --tz reads, gnuplot, groff for the man-page check, valgrind,
# and Python's standard library for the output-format check
CHECK="libcmocka-dev tzdata gnuplot-nox groff-base valgrind python3"
# `deps.sh build`: the build's alone; other arguments are what a target
# needs beyond the check's (make bench: time, for /usr/bin/time's peak RSS)
if [ "${1:-}" = build ]; then
    shift
    PKGS="$BUILD $*"
else
    PKGS="$BUILD $CHECK $*"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: not a Debian system; install the equivalents of:" $PKGS >&2
    echo "deps: continuing, the build will tell what is missing" >&2
    exit 0
fi

missing=""
for p in $PKGS; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: install them with:" >&2
    echo "    sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; update once, quietly.
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing </dev/null
