#!/bin/sh
# build.sh: one .deb from a tree staged by `make install`, with Debian's
# own tools (debhelper: dh_installsystemd, dh_shlibdeps, dh_gencontrol,
# dh_builddeb...).  `make deb` runs it; it builds nothing itself.
#
#   sh samples/debian/build.sh ARCH VERSION STAGE OUTDIR WORKDIR TEST
#
# ARCH amd64 or arm64 (cross: dpkg-architecture sets the host type, so
# dh_strip and dpkg-shlibdeps use the arm64 tools and libraries).  STAGE
# the staged tree (PREFIX=/usr, SYSCONFDIR=/etc).  The package is
# written to OUTDIR as fleetaudit_VERSION_ARCH.deb; WORKDIR is replaced.
# VERSION must be the top entry of samples/debian/changelog, except for a
# test build (TEST=1), which gets an entry of its own and a comment line
# added to the conffile (to try dpkg's conffile handling on upgrade).
set -e
if [ $# -ne 6 ]; then
	echo "usage: build.sh ARCH VERSION STAGE OUTDIR WORKDIR TEST" >&2
	exit 2
fi
arch=$1 version=$2 stage=$3 out=$4 work=$5 test=$6
here=$(cd "$(dirname "$0")" && pwd)
case $arch in
amd64) cc=gcc ;;
arm64) cc=aarch64-linux-gnu-gcc ;;
*) echo "deb: architecture '$arch' (amd64 or arm64)" >&2; exit 2 ;;
esac
[ -x "$stage/usr/bin/fleetaudit" ] || {
	echo "deb: nothing staged in '$stage'" >&2
	exit 1
}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(cd "$stage" && pwd)
rm -rf "$work"
mkdir -p "$work/debian"
for f in control copyright rules fleetaudit.postinst fleetaudit.prerm \
    fleetaudit.postrm fleetaudit.lintian-overrides; do
	cp "$here/$f" "$work/debian/$f"
done

top=$(dpkg-parsechangelog -l "$here/changelog" -S Version)
if [ "$test" = 1 ]; then
	{
		printf 'fleetaudit (%s) UNRELEASED; urgency=medium\n\n' "$version"
		printf '  * Test build: one more, empty store schema step.\n\n'
		printf ' -- fleetaudit maintainers <maintainers@fleetaudit.example>  %s\n\n' \
		    "$(date -R)"
		cat "$here/changelog"
	} >"$work/debian/changelog"
	echo "# test build $version" >>"$stage/etc/fleetaudit/fleetaudit.conf"
elif [ "$top" = "$version" ]; then
	cp "$here/changelog" "$work/debian/changelog"
else
	echo "deb: VERSION $version is not samples/debian/changelog's" \
	    "($top): add an entry for it" >&2
	exit 1
fi

cd "$work"
root=
[ "$(id -u)" = 0 ] || root=fakeroot
FA_STAGE=$stage FA_OUT=$out CC=$cc dpkg-architecture -a "$arch" -f -c \
    $root debian/rules binary
