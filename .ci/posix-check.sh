#!/bin/sh
# posix-check.sh: compile every C file of fleetaudit except the platform
# layer (cli/plat_*.c) with clang against POSIX 2008 alone, as a macOS
# build sees it: -D_POSIX_C_SOURCE=200809L -D_DARWIN_C_SOURCE, no
# _GNU_SOURCE, -Werror.  A call outside POSIX (SO_PEERCRED, /proc, epoll,
# accept4, timegm, qsort_r, memmem, ...) is an implicit declaration and
# fails the check.  Syntax only: nothing is linked.  Prints one "posix:"
# line per failing file and a summary; exit 1 when any fails.
#
#   BUILD=build sh .ci/posix-check.sh [FILE.c ...]

BUILD=${BUILD:-build}
cd "$(dirname "$0")/.." || exit 1
command -v clang >/dev/null || { echo "posix: clang is not installed" >&2
	exit 1; }
pkgs="netsnmp sqlite3 json-c libsodium libarchive xlsxwriter libmicrohttpd
	libxml-2.0 libcurl libpq"
# shellcheck disable=SC2086
inc=$(pkg-config --cflags $pkgs 2>/dev/null | tr ' ' '\n' |
    grep -E '^-I' | tr '\n' ' ')
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DARWIN_C_SOURCE
	-DFA_VERSION=\"0\" -DFA_DATADIR=\"/\" -Wall -Wextra -Werror
	-Wno-unused-command-line-argument -fsyntax-only"
[ $# -gt 0 ] || set -- $(ls cli/*.c collector/*.c export/*.c export/hub/*.c crypto/*.c |
    grep -v '^cli/plat_') "$BUILD/gen/models.c" "$BUILD/gen/templates.c"
n=0
bad=0
for f in "$@"; do
	n=$((n + 1))
	shim=
	# net-snmp's headers need the BSD types (.ci/posix-bsd-types.h)
	if grep -qE '#include "(\.\./collector/)?(sess|device|walk|disc|scan|prt|brother|mdf|vb|vendor)\.h"|<net-snmp/' "$f" ||
	    [ -n "$(grep -lE 'sess\.h|net-snmp' $(grep -oE '"[^"]+\.h"' "$f" |
	    tr -d '"' | sed "s|^|$(dirname "$f")/|") 2>/dev/null)" ]; then
		shim="-include .ci/posix-bsd-types.h"
	fi
	# shellcheck disable=SC2086
	if ! out=$(clang $flags $shim $inc -I. "$f" 2>&1); then
		bad=$((bad + 1))
		echo "posix: $f"
		echo "$out" | grep -E 'error' | head -5 | sed 's/^/    /'
	fi
done
echo "posix: $((n - bad)) of $n files compile against POSIX 2008 alone"
[ "$bad" = 0 ]
