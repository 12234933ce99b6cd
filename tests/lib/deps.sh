#!/bin/sh
# deps.sh: install the Debian packages fleetaudit needs, only those missing.
#
#   sh tests/lib/deps.sh [build] [test] [bench] [windows]
#                                      (no argument: all four)
#
# Silent when everything is installed (one dpkg-query call).  Otherwise, as
# root: one `apt-get update`, then one `apt-get install` of the missing
# packages.  Not root: prints the command to run and exits 1.

build="gcc make pkg-config libsnmp-dev libsqlite3-dev libjson-c-dev
	libsodium-dev libarchive-dev libxlsxwriter-dev libcurl4-openssl-dev
	libmicrohttpd-dev libxml2-dev libpq-dev"
test="snmpsim snmp sqlite3 nftables python3 iproute2 procps groff-base clang
	libclang-rt-14-dev openssl python3-zeep chromium python3-openpyxl
	poppler-utils postgresql python3-selenium chromium-driver
	python3-psycopg2"
bench="fusioninventory-agent-task-network time"
# the Windows build (make windows-deps, make windows) and its tests
windows="gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 dpkg-dev zip unzip xz-utils tcl
	cmake util-linux patch autoconf automake libtool"

want=
[ $# -gt 0 ] || set -- build test bench windows
for group in "$@"; do
	case $group in
	build) want="$want $build" ;;
	test)  want="$want $test" ;;
	bench) want="$want $bench" ;;
	windows) want="$want $windows" ;;
	*) echo "deps: unknown group '$group' (build, test, bench," \
	    "windows)" >&2; exit 2 ;;
	esac
done

# shellcheck disable=SC2086 # one word per package
installed=" $(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $want \
    2>/dev/null | awk '$2 == "ii" { printf "%s ", $1 }')"
missing=
for p in $want; do
	case $installed in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -n "$missing" ] || exit 0
missing=${missing# }

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing" >&2
	echo "deps: run as root: apt-get update &&" \
	    "DEBIAN_FRONTEND=noninteractive apt-get install -y" \
	    "--no-install-recommends $missing" >&2
	exit 1
fi

echo "deps: installing $missing"
# wait for a dpkg lock held by another install rather than fail at once
lock="-o DPkg::Lock::Timeout=300"
# shellcheck disable=SC2086
apt-get $lock update -qq >/dev/null || {
	echo "deps: apt-get update failed" >&2
	exit 1
}
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get $lock install -y -qq \
    --no-install-recommends $missing >/dev/null || {
	echo "deps: apt-get install failed:$missing" >&2
	exit 1
}
