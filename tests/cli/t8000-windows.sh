#!/bin/sh
# t8000-windows: the Windows build, cross-compiled with mingw-w64 and run
# under Wine (wine64).  The collector's unit tests built for Windows pass
# (test_plat.exe checks cli/plat_win.c); the library cache (.ci/windows/deps.sh) links into
# one static program that imports only DLLs Windows ships, whose libraries
# report the versions the Linux build uses and each do real work.
# Skips, with a "# SKIP" line, only when mingw-w64 or Wine is missing and
# cannot be installed, or the cache is missing and cannot be built.
. "$(dirname "$0")/../lib/common.sh"
host=x86_64-w64-mingw32
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
if ! command -v $host-gcc >/dev/null || [ ! -x "$WINE" ]; then
	sh "$top/tests/lib/deps.sh" windows >/dev/null 2>&1
	WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
fi
if ! command -v $host-gcc >/dev/null || [ ! -x "$WINE" ]; then
	echo "# SKIP windows: $host-gcc or wine64 missing and not installable" \
	    "(sh tests/lib/deps.sh windows, as root)"
	exit 0
fi
# One Wine prefix for the run (its creation takes about 10 s).
export WINEPREFIX="$T/wine" WINEDEBUG=-all
wine() { timeout 300 "$WINE" "$@"; }

# Windows system DLLs: what an import may name (compared in lower case).
SYSDLLS="kernel32.dll advapi32.dll ws2_32.dll crypt32.dll bcrypt.dll
	user32.dll gdi32.dll msvcrt.dll secur32.dll iphlpapi.dll ole32.dll
	shell32.dll wldap32.dll normaliz.dll rpcrt4.dll ntdll.dll"
imports_ok() { # EXE: every imported DLL is a system one
	$host-objdump -p "$1" | sed -n 's/^[[:space:]]*DLL Name: //p' |
	    tr 'A-Z' 'a-z' >"$T/dlls"
	[ -s "$T/dlls" ] || return 1
	while read -r d; do
		case " $(echo $SYSDLLS) " in *" $d "*) ;; *) echo "# not a system DLL: $d"; return 1 ;; esac
	done <"$T/dlls"
}

# The unit tests built for Windows (make windows-units), under Wine, from
# the top of the tree as on Linux (they read tests/data and samples).
make -s -C "$top" windows-units >"$T/units.out" 2>&1
rc=$?
check "the unit tests build for Windows" test $rc -eq 0
[ $rc -eq 0 ] || tail -n 20 "$T/units.out" | sed 's/^/# /'
n=0
for EXE in "$top"/build/windows/tests/bin/test_*.exe; do
	[ -f "$EXE" ] || continue
	u=${EXE##*/}
	n=$((n + 1))
	(cd "$top" && wine "$EXE") >"$T/$u.out" 2>"$T/$u.err"
	rc=$?
	tr -d '\r' <"$T/$u.out" |
	    sed -n "s/^\(not \)\{0,1\}ok - /&windows ${u%.exe}: /p"
	check "${u%.exe}.exe exits 0 under Wine" test "$rc" -eq 0
	check "${u%.exe}.exe imports only Windows system DLLs" imports_ok "$EXE"
done
check "every unit test of the collector ran (at least 9 programs)" test "$n" -ge 9
# The library cache: built when missing (make windows-deps).
dir=$(sh "$top/.ci/windows/deps.sh" 2>"$T/deps.err" | tail -n 1)
if [ ! -f "$dir/manifest" ]; then
	echo "# SKIP windows libraries: the cache is missing and could not be" \
	    "built: $(tail -n 1 "$T/deps.err")"
	finish
fi
check "the cache has its manifest with every library" test \
    "$(grep -cE '^(zlib|openssl|libzstd|libsodium|sqlite3|json-c|libxml2|libarchive|libxlsxwriter|curl|net-snmp|tre) ' "$dir/manifest")" -ge 12
pc() { PKG_CONFIG_LIBDIR="$dir/lib/pkgconfig" PKG_CONFIG_PATH= \
    pkg-config --static "$@"; }
mods="libarchive libcurl json-c libxml-2.0 libsodium sqlite3 xlsxwriter
	libzstd zlib openssl"
# shellcheck disable=SC2086
$host-gcc -std=c11 -O2 -static -DCURL_STATICLIB -DLIBXML_STATIC \
    -DSODIUM_STATIC -DLIBARCHIVE_STATIC -I"$dir/include" $(pc --cflags $mods) \
    -o "$T/libcheck.exe" "$top/.ci/windows/libcheck.c" \
    -L"$dir/lib" -lnetsnmp -ltre $(pc --libs $mods) -lws2_32 -lcrypt32 \
    -lbcrypt -ladvapi32 -lsecur32 -liphlpapi -lgdi32 -luser32 \
    >"$T/cc.out" 2>&1
rc=$?
check "every library links statically into one program" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# /' "$T/cc.out" | tail -n 20
check "that program imports only Windows system DLLs" imports_ok \
    "$T/libcheck.exe"
(cd "$T" && wine ./libcheck.exe) >"$T/libs.raw"
rc=$?
tr -d '\r' <"$T/libs.raw" >"$T/libs.out"
check "every library works under Wine" test $rc -eq 0
grep FAIL "$T/libs.out" | sed 's/^/# /'
sed 's/^/# windows: /' "$T/libs.out"
# The versions the Linux build links (pkg-config), against what each
# Windows library says of itself.
same() { # NAME LINUX-VERSION
	grep -q "^$1 $2\b" "$T/libs.out" ||
	    grep -q "^$1 .*$2" "$T/libs.out"
}
for m in sqlite3:sqlite3 libsodium:libsodium json-c:json-c \
    libxlsxwriter:xlsxwriter curl:libcurl libzstd:libzstd zlib:zlib \
    libarchive:libarchive; do
	v=$(pkg-config --modversion "${m#*:}" 2>/dev/null)
	check "${m%%:*} is $v, as on Linux" same "${m%%:*}" "$v"
done
v=$(pkg-config --modversion libxml-2.0 | awk -F. '{ printf "%d%02d%02d", $1, $2, $3 }')
check "libxml2 is $(pkg-config --modversion libxml-2.0), as on Linux" same libxml2 "$v"
v=$(net-snmp-config --version 2>/dev/null || pkg-config --modversion netsnmp)
check "net-snmp is $v, as on Linux" same net-snmp "$v"
check "curl uses Schannel (the Windows certificate store)" grep -q '^curl .*ssl=Schannel' "$T/libs.out"
finish
