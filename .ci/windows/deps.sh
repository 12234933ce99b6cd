#!/bin/sh
# deps.sh: cross-build, with Debian's mingw-w64, the libraries fleetaudit.exe
# links, from Debian's own source packages, into a cache outside the tree.
#
#   sh .ci/windows/deps.sh            build the cache unless present; print
#                                     its directory on the last line
#   sh .ci/windows/deps.sh --dir      print the cache directory only
#   sh .ci/windows/deps.sh --check    exit 0 if the cache is present
#
# Each library is fetched with `apt-get source NAME=VERSION`, the VERSION
# being that of the package the Linux build uses (dpkg's source:Version of
# its -dev package), so both builds link the same code.  A deb-src entry for
# the system's own Debian suites is added when none is there (copied from
# the deb822 file in apt's sources directory).
#
# The cache is $FA_WINDEPS (default /var/cache/fleetaudit/windows-deps) /
# KEY, KEY a hash of: every source version, this script, the patches in
# .ci/windows/patches, the cross compiler's version and $recipe below.  A
# fresh clone on the same machine computes the same KEY and reuses the
# build.  The directory counts as a cache only once KEY/manifest is written,
# last; a build stopped half-way resumes at the library it stopped in (each
# finished one leaves KEY/done/NAME).  Builds take a lock.  Libraries are built one at a time
# with make -j$FA_WINDEPS_JOBS (default 2): the machine may be shared.

set -eu
here=$(cd "$(dirname "$0")" && pwd)
host=x86_64-w64-mingw32
root=${FA_WINDEPS:-/var/cache/fleetaudit/windows-deps}
jobs=${FA_WINDEPS_JOBS:-2}

# source package, binary package whose source:Version is taken ("-": none,
# the library has no counterpart in the Linux build: the archive's newest;
# TRE gives Windows the POSIX <regex.h> that glibc has built in)
libs="zlib:zlib1g-dev openssl:libssl-dev libzstd:libzstd1
	libsodium:libsodium-dev sqlite3:libsqlite3-dev json-c:libjson-c-dev
	libxml2:libxml2-dev libarchive:libarchive-dev
	libxlsxwriter:libxlsxwriter-dev curl:libcurl4-openssl-dev
	net-snmp:libsnmp-dev tre:-"

# NAME VERSION per library: the version of the package the Linux build uses
versions() {
	for l in $libs; do
		if [ "${l#*:}" = - ]; then
			v=$(apt-cache showsrc --only-source "${l%%:*}" \
			    2>/dev/null | sed -n 's/^Version: //p' |
			    sort -t: -k2 -V | tail -n 1)
			[ -n "$v" ] || { echo "windows-deps: no source" \
			    "package ${l%%:*} (no deb-src entry?)" >&2
				return 1; }
			echo "${l%%:*} $v"
			continue
		fi
		v=$(dpkg-query -W -f='${source:Version}' \
		    "${l#*:}:$(dpkg --print-architecture)" 2>/dev/null) ||
		    { echo "windows-deps: ${l#*:} is not installed" \
		    "(sh tests/lib/deps.sh build)" >&2; return 1; }
		echo "${l%%:*} $v"
	done
}

# Bump when a build_ recipe below changes what gets built.
recipe=1

key() {
	v=$(versions) || return 1
	{
		echo "$v"
		echo "recipe $recipe"
		cat "$here"/patches/* 2>/dev/null || true
		$host-gcc --version | head -1
	} | sha256sum | cut -c1-16
}

# deb-src: a file of our own beside the system's deb822 entry
srcdir=/etc/apt/sources.list.d
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list $srcdir; then
	case ${1:-} in --dir|--check) exit 1 ;; esac
	[ "$(id -u)" = 0 ] || { echo "windows-deps: no deb-src entry;" \
	    "run as root once to add one" >&2; exit 1; }
	sed 's/^Types:.*/Types: deb-src/' $srcdir/debian.sources \
	    >$srcdir/fleetaudit-deb-src.sources
	apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null || {
		echo "windows-deps: apt-get update failed" >&2; exit 1; }
fi

k=$(key) || exit 1
dir=$root/$k
case ${1:-} in
--dir) echo "$dir"; exit 0 ;;
--check) [ -f "$dir/manifest" ]; exit ;;
esac
if [ -f "$dir/manifest" ]; then
	echo "$dir"
	exit 0
fi

command -v $host-gcc >/dev/null && command -v apt-get >/dev/null ||
    { echo "windows-deps: needs $host-gcc and apt-get" \
    "(sh tests/lib/deps.sh windows)" >&2; exit 1; }
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9
[ ! -f "$dir/manifest" ] || { echo "$dir"; exit 0; }

out=$dir
work=$root/work.$k
rm -rf "$work"
mkdir -p "$out/lib/pkgconfig" "$out/include" "$out/done" "$work"
log=$work/log
prefix=$out
export PKG_CONFIG_LIBDIR="$out/lib/pkgconfig" PKG_CONFIG_PATH=
export CPPFLAGS="-I$out/include" LDFLAGS="-L$out/lib"
export CFLAGS="-O2"
conf="--host=$host --prefix=$prefix --disable-shared --enable-static"
cat >"$work/toolchain.cmake" <<EOT
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_CXX_COMPILER $host-g++)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH $out)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
EOT
cmake_conf="-DCMAKE_TOOLCHAIN_FILE=$work/toolchain.cmake
	-DCMAKE_INSTALL_PREFIX=$prefix -DCMAKE_BUILD_TYPE=Release
	-DBUILD_SHARED_LIBS=OFF -DCMAKE_INSTALL_LIBDIR=lib"

# NAME VERSION: unpack into $work/NAME and cd there.  VERSION when the
# archive still serves it, else the newest source it does serve (a security
# update may have replaced it); the version used goes to $work/used.
fetch() {
	have=$(apt-cache showsrc --only-source "$1" 2>/dev/null |
	    sed -n 's/^Version: //p' | sort -u)
	got=
	# the others newest first (sort -V is close enough to dpkg's order
	# between versions of one package)
	for try in "$2" $(echo "$have" | sort -t: -k2 -V -r); do
		if (cd "$work" && apt-get source -qq --only-source "$1=$try") \
		    >>"$log" 2>&1; then
			got=$try
			break
		fi
		rm -rf "${work:?}/$1"-* "${work:?}/$1"_*
	done
	[ -n "$got" ] || { echo "windows-deps: apt-get source $1 failed" \
	    "(no version of it could be fetched)" >&2; exit 1; }
	echo "$1 $got" >"$out/used.$1"
	d=$(find "$work" -maxdepth 1 -type d -name "$1-*" | head -1)
	mv "$d" "$work/$1"
	cd "$work/$1"
	for p in "$here/patches/$1"-*.patch; do
		[ -f "$p" ] || continue
		patch -p1 <"$p" >>"$log"
	done
}

build_zlib() {
	# Debian's source drops zlib's win32/ makefiles: compile the library's
	# files directly (zlib needs no configuration on Windows)
	for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite \
	    infback inffast inflate inftrees trees uncompr zutil; do
		$host-gcc $CFLAGS -c $f.c -o $f.o
	done
	$host-ar rcs "$out/lib/libz.a" ./*.o
	cp zlib.h zconf.h "$out/include/"
cat >"$out/lib/pkgconfig/zlib.pc" <<EOT
prefix=$out
Name: zlib
Description: zlib compression library
Version: ${1%%.dfsg*}
Libs: -L\${prefix}/lib -lz
Cflags: -I\${prefix}/include
EOT
}

build_openssl() {
	./Configure mingw64 --cross-compile-prefix=$host- --prefix="$prefix" \
	    --libdir=lib no-shared no-tests no-module no-dso no-engine \
	    2>&1
	make -j"$jobs" build_libs
	make install_dev
}

build_libzstd() {
	# zstd's CMake project wants a C++ compiler too: its plain Makefile
	# builds the static library with C alone (single-threaded)
	make -C lib -j"$jobs" libzstd.a CC=$host-gcc AR=$host-ar \
	    ZSTD_LEGACY_SUPPORT=0
	cp lib/libzstd.a "$out/lib/"
	cp lib/zstd.h lib/zdict.h lib/zstd_errors.h "$out/include/"
	cat >"$out/lib/pkgconfig/libzstd.pc" <<EOT
prefix=$out
Name: zstd
Description: fast lossless compression algorithm library
Version: ${1%%+*}
Libs: -L\${prefix}/lib -lzstd
Cflags: -I\${prefix}/include
EOT
}

build_libsodium() {
	# Debian's source is upstream's git tree: no configure script yet
	[ -x configure ] || autoreconf -fi
	./configure $conf
	make -j"$jobs"
	make install
}

build_sqlite3() {
	# The source tree's configure does not cross-build (it runs its own
	# tools as Unix programs): make the amalgamation with the build
	# machine's compiler, then compile that one file for Windows with the
	# options debian/rules gives the Linux library
	./configure --disable-tcl --disable-readline >/dev/null
	make -j"$jobs" sqlite3.c sqlite3.h
	$host-gcc -O2 -fno-strict-aliasing -DSQLITE_SECURE_DELETE \
	    -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
	    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS5 \
	    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 \
	    -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_OMIT_LOOKASIDE=1 \
	    -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ALLOW_ROWID_IN_VIEW \
	    -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_ENABLE_JSON1 \
	    -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1 \
	    -DSQLITE_USE_URI=1 -DSQLITE_MAX_SCHEMA_RETRY=25 \
	    -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION \
	    -DSQLITE_ENABLE_STMTVTAB -DSQLITE_ENABLE_MATH_FUNCTIONS \
	    -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_OMIT_LOAD_EXTENSION \
	    -c sqlite3.c -o sqlite3.o
	$host-ar rcs "$out/lib/libsqlite3.a" sqlite3.o
	cp sqlite3.h sqlite3ext.h "$out/include/"
	cat >"$out/lib/pkgconfig/sqlite3.pc" <<EOT
prefix=$out
Name: SQLite
Description: SQL database engine
Version: ${1%%-*}
Libs: -L\${prefix}/lib -lsqlite3
Cflags: -I\${prefix}/include
EOT
}

build_json_c() {
	cmake -S . -B _b $cmake_conf -DBUILD_TESTING=OFF -DDISABLE_WERROR=ON \
	    -DBUILD_STATIC_LIBS=ON -DBUILD_APPS=OFF
	cmake --build _b -j"$jobs"
	cmake --install _b
}

build_libxml2() {
	# Debian's patches touch Makefile.am: regenerate with the build
	# machine's autotools (make would otherwise try an older automake)
	autoreconf -fi
	./configure $conf --without-python --without-lzma --without-iconv \
	    --without-icu --without-http --without-ftp --without-modules \
	    --without-debug --with-zlib="$out"
	make -j"$jobs" libxml2.la
	make install-libLTLIBRARIES install-pkgconfigDATA
	make -C include install
}

build_libarchive() {
	# its build files come from a newer libtool than Debian 12's
	autoreconf -fi
	./configure $conf --without-xml2 --without-expat --without-openssl \
	    --without-lzma --without-bz2lib --without-lz4 --without-libb2 \
	    --without-iconv --without-cng --with-zlib --with-zstd \
	    --disable-bsdtar --disable-bsdcpio --disable-bsdcat \
	    --disable-acl --disable-xattr
	make -j"$jobs" libarchive.la
	make install-libLTLIBRARIES install-includeHEADERS \
	    install-pkgconfigDATA
}

# Its bundled MD5 has OpenSSL's names (MD5_Update...): OpenSSL's own
# instead, so the two do not collide in one static program.
build_libxlsxwriter() {
	cmake -S . -B _b $cmake_conf -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF \
	    -DUSE_SYSTEM_MINIZIP=OFF -DUSE_STANDARD_TMPFILE=OFF \
	    -DUSE_OPENSSL_MD5=ON \
	    -DZLIB_ROOT="$out"
	cmake --build _b -j"$jobs"
	cmake --install _b
}

build_curl() {
	./configure $conf --with-schannel --without-openssl --with-zlib \
	    --without-zstd --without-brotli --without-libpsl \
	    --without-nghttp2 --without-libidn2 --without-libssh2 \
	    --without-librtmp --disable-ldap --disable-ldaps --disable-rtsp \
	    --disable-dict --disable-telnet --disable-tftp --disable-pop3 \
	    --disable-imap --disable-smtp --disable-gopher --disable-mqtt \
	    --disable-smb --disable-manual
	make -j"$jobs" -C lib
	make -C lib install
	make -C include install
	make install-pkgconfigDATA
}

build_tre() {
	./configure $conf --disable-agrep --disable-nls --disable-approx
	make -j"$jobs" -C lib
	make -C lib install
	make install-pkgconfigDATA 2>/dev/null || true
	mkdir -p "$out/include/tre"
	cp include/tre/*.h "$out/include/tre/" 2>/dev/null ||
	    cp lib/tre.h lib/regex.h "$out/include/tre/"
}

build_net_snmp() {
	# configure links its OpenSSL checks with -lssl -lcrypto alone, and a
	# static libcrypto needs Windows' socket and crypto libraries after
	# it: -lcrypto becomes a linker script that adds them (every later
	# link gets them too)
	if [ "$(head -c 7 "$out/lib/libcrypto.a")" = '!<arch>' ]; then
		mv "$out/lib/libcrypto.a" "$out/lib/libcrypto-static.a"
		echo "GROUP ( $out/lib/libcrypto-static.a -lws2_32 -lcrypt32" \
		    "-lbcrypt -luser32 -ladvapi32 -lgdi32 )" \
		    >"$out/lib/libcrypto.a"
	fi
	    LIBS="-lws2_32 -lgdi32 -lcrypt32 -lbcrypt" ./configure $conf \
	    --disable-agent --disable-applications --disable-manuals \
	    --disable-scripts --disable-mibs --disable-mib-loading \
	    --without-perl-modules --disable-embedded-perl \
	    --with-openssl="$out" --enable-blumenthal-aes \
	    --with-default-snmp-version=2 --with-sys-contact=x \
	    --with-sys-location=x --with-logfile=none \
	    --with-persistent-directory=/nonexistent --without-rpm \
	    --without-pcre --with-defaults
	make -j"$jobs" -C snmplib
	make -C snmplib installlibs
	make installheaders
}

versions >"$work/versions"
while read -r name ver; do
	[ ! -f "$out/done/$name" ] || continue
	echo "windows-deps: $name $ver" >&2
	s=$(date +%s)
	# set -e does not act inside a subshell tested with ||: test $? after
	set +e
	(
		set -e
		fetch "$name" "$ver"
		build_$(echo "$name" | tr - _) "${ver#*:}"
	) >>"$log" 2>&1
	rc=$?
	set -e
	[ $rc = 0 ] || {
		echo "windows-deps: building $name failed; the log:" \
		    "$log (last lines follow)" >&2
		tail -n 20 "$log" >&2
		exit 1
	}
	echo "$name $ver $(( $(date +%s) - s ))s" >"$out/done/$name"
	rm -rf "${work:?}/$name" "$work/${name}_"*
done <"$work/versions"
rm -rf "$out/bin" "$out/share" "$out/ssl"
cat "$out"/done/* >"$out/build-times"
{
	echo "built $(date -u +%FT%TZ) by .ci/windows/deps.sh recipe $recipe"
	echo "host $host ($($host-gcc --version | head -1))"
	echo "sources (wanted, then used):"
	cat "$work/versions" "$out"/used.*
} >"$out/manifest"
rm -rf "$work"
echo "$dir"
