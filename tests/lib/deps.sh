#!/bin/sh
# deps.sh: install the Debian packages fleetaudit needs, only those missing.
#
#   sh tests/lib/deps.sh [build] [test] [bench] [arm64] [package] [windows]
#                                               (no argument: all six)
#
# Silent when everything is installed (one dpkg-query call).  Otherwise, as
# root: one `apt-get update`, then one `apt-get install` of the missing
# packages.  Not root: prints the command to run and exits 1.
#
# arm64: the cross-build for the Raspberry Pi (make arm64) with Debian's
# multiarch: the architecture is added (dpkg --add-architecture arm64)
# before the update, then the cross compiler, qemu-user to run the result,
# and the :arm64 libraries the build links.  libsnmp-dev and libpq-dev
# are not Multi-Arch: same in Debian 12 (their arm64 and amd64 packages
# conflict), so only their libraries are installed here; the Makefile
# unpacks their arm64 -dev packages into build/arm64/dev.  package:
# Debian's packaging tools for make deb and its test.

build="gcc make pkg-config libsnmp-dev libsqlite3-dev libjson-c-dev
	libsodium-dev libarchive-dev libxlsxwriter-dev libcurl4-openssl-dev
	libmicrohttpd-dev libxml2-dev libpq-dev libcups2-dev libavahi-client-dev"
test="snmpsim snmp sqlite3 nftables python3 iproute2 procps groff-base clang
	libclang-rt-14-dev openssl python3-zeep chromium python3-openpyxl
	poppler-utils postgresql python3-selenium chromium-driver
	python3-psycopg2 cups-ipp-utils avahi-daemon dbus python3-aiosmtpd
	cups-daemon cups-client"
# linux-perf: perf record/stat, to profile the collector on the fleet bench
bench="fusioninventory-agent-task-network time linux-perf"
# the Windows build (make windows-deps, make windows) and its tests
windows="gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 dpkg-dev zip unzip xz-utils tcl
	cmake util-linux patch autoconf automake libtool"
arm64="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user-static
	libc6-dev:arm64 libsnmp40:arm64 libpq5:arm64 libssl-dev:arm64
	libsqlite3-dev:arm64 libjson-c-dev:arm64 libsodium-dev:arm64
	libarchive-dev:arm64 libxlsxwriter-dev:arm64 zlib1g-dev:arm64
	libcurl4-openssl-dev:arm64 libmicrohttpd-dev:arm64 libxml2-dev:arm64
	libcups2-dev:arm64 libavahi-client-dev:arm64"
package="dpkg-dev debhelper fakeroot lintian adduser"

want=
# On arm64 itself (a Raspberry Pi) the native build is the arm64 one.
if [ $# -eq 0 ]; then
	set -- build test bench package windows
	[ "$(dpkg --print-architecture)" = arm64 ] || set -- "$@" arm64
fi
for group in "$@"; do
	case $group in
	build) want="$want $build" ;;
	test)  want="$want $test" ;;
	bench) want="$want $bench" ;;
	arm64) want="$want $arm64" ;;
	package) want="$want $package" ;;
	windows) want="$want $windows" ;;
	*) echo "deps: unknown group '$group' (build, test, bench, arm64," \
	       "package, windows)" >&2; exit 2 ;;
	esac
done

# Installed packages as NAME:ARCH, and as NAME alone when of the native
# architecture or "all" (so "gcc" and "libc6-dev:arm64" both match).
nat=$(dpkg --print-architecture)
# shellcheck disable=SC2086 # one word per package
installed=" $(dpkg-query -W \
    -f='${Package} ${Architecture} ${db:Status-Abbrev}\n' $want 2>/dev/null |
    awk -v nat="$nat" '$3 == "ii" { printf "%s:%s ", $1, $2
	if ($2 == nat || $2 == "all") printf "%s ", $1 }')"
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
	case " $missing" in
	*:arm64*) echo "deps: run as root: dpkg --add-architecture arm64" >&2 ;;
	esac
	echo "deps: run as root: apt-get update &&" \
	    "DEBIAN_FRONTEND=noninteractive apt-get install -y" \
	    "--no-install-recommends $missing" >&2
	exit 1
fi

echo "deps: installing $missing"
case " $missing" in
*:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 ||
	    dpkg --add-architecture arm64 || {
		echo "deps: dpkg --add-architecture arm64 failed" >&2
		exit 1
	}
	;;
esac
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
