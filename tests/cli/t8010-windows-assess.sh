#!/bin/sh
# t8010-windows-assess: fleetaudit.exe (make windows-exe), under Wine,
# assesses the sample fleet on loopback (snmpsim: v2c, and SNMPv3 with
# authentication and privacy) and gives the same --json as the Linux
# binary on the same fleet, apart from how long each read took; the
# hub answers that it runs on Linux; the release zip holds only
# fleetaudit.exe, which imports only DLLs Windows ships, the README and
# man page as text, and the samples.  Skips, saying why, when mingw-w64,
# Wine or the library cache is missing and cannot be had.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/wine.sh"
host=x86_64-w64-mingw32
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
if ! command -v $host-gcc >/dev/null || [ ! -x "$WINE" ]; then
	sh "$top/tests/lib/deps.sh" windows >/dev/null 2>&1
	WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
fi
if ! command -v $host-gcc >/dev/null || [ ! -x "$WINE" ]; then
	echo "# SKIP windows: $host-gcc or wine64 missing and not installable"
	exit 0
fi
if ! sh "$top/.ci/windows/deps.sh" >"$T/deps.out" 2>&1; then
	echo "# SKIP windows: the library cache is missing and could not be" \
	    "built: $(tail -n 1 "$T/deps.out")"
	exit 0
fi
make -s -C "$top" windows >"$T/make.out" 2>&1
rc=$?
check "make windows builds the zip" test $rc -eq 0
[ $rc -eq 0 ] || { tail -n 20 "$T/make.out" | sed 's/^/# /'; finish; }
EXE=$top/build/windows/fleetaudit.exe
VERSION=$(sed -n 's/^VERSION[[:space:]]*=[[:space:]]*//p' "$top/Makefile")
ZIP=$top/dist/fleetaudit-$VERSION-windows-x64.zip
unzip -Z1 "$ZIP" | sort >"$T/zip.list"
check "the zip has fleetaudit.exe" grep -qx "fleetaudit-$VERSION-windows-x64/fleetaudit.exe" "$T/zip.list"
check "the zip has README.txt and the man page as text" sh -c "grep -q '/README.txt\$' '$T/zip.list' && grep -q '/fleetaudit.txt\$' '$T/zip.list'"
check "the zip has the samples" grep -q "/samples/fleet/fleet.conf\$" "$T/zip.list"
check "nothing but fleetaudit.exe is a program in it" test "$(grep -ciE '\.(exe|dll)$' "$T/zip.list")" = 1
mkdir "$T/unzip"
unzip -q "$ZIP" -d "$T/unzip"
ZEXE=$T/unzip/fleetaudit-$VERSION-windows-x64/fleetaudit.exe
$host-objdump -p "$ZEXE" | sed -n 's/^[[:space:]]*DLL Name: //p' |
    tr 'A-Z' 'a-z' | sort -u >"$T/dlls"
sed 's/^/# imports: /' "$T/dlls"
check "fleetaudit.exe imports only Windows system DLLs" sh -c "! grep -vxE 'kernel32.dll|advapi32.dll|ws2_32.dll|crypt32.dll|bcrypt.dll|user32.dll|gdi32.dll|msvcrt.dll|secur32.dll|iphlpapi.dll|ole32.dll|shell32.dll|wldap32.dll|normaliz.dll|rpcrt4.dll' '$T/dlls'"
echo "# fleetaudit.exe: $(wc -c <"$ZEXE") bytes"

export WINEPREFIX="$T/wine" WINEDEBUG=-all
# wfa ARGS...: fleetaudit.exe under Wine, home $T/whome (Z: is /).
wfa() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="$T/whome" \
	    timeout 300 "$WINE" "$ZEXE" "$@"
}
out=$(wfa --version | tr -d '\r')
check "fleetaudit.exe --version under Wine" test "$out" = "fleetaudit $VERSION"
wine_settle
wfa hub serve >/dev/null 2>"$T/hub.err"
rc=$?
check "hub: exit 2 on Windows" test $rc -eq 2
check "hub: says the hub runs on Linux" grep -q "the hub runs on Linux" "$T/hub.err"

P=127.77.8
fleet_map $P
at_exit 'bed_stop "$T/bed"'
mkdir "$T/bed"
bed_start "$T/bed" "$T/fleet.map" >"$T/bed.out" 2>&1 ||
    { not_ok "bed starts"; cat "$T/bed.out"; finish; }
V3="--v3-user $BED_V3_USER --v3-auth $BED_V3_AUTH --v3-priv $BED_V3_PRIV --v3-context $BED_V3_CONTEXT"
# shellcheck disable=SC2086
fa assess -q --json -c wrongcommunity -c public $V3 $P.1-20 >"$T/linux.json"
check "Linux assess exits 0" test $? -eq 0
# shellcheck disable=SC2086
wfa assess -q --json -c wrongcommunity -c public $V3 $P.1-20 >"$T/win.raw" 2>"$T/win.err"
rc=$?
tr -d '\r' <"$T/win.raw" >"$T/win.json"
check "fleetaudit.exe assess exits 0 under Wine" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# /' "$T/win.err" | head -n 10
$PY - "$T/linux.json" "$T/win.json" >"$T/cmp" 2>&1 <<'EOT'
import json, sys
def norm(x):
    if isinstance(x, dict):
        return {k: norm(v) for k, v in x.items() if not k.endswith("_ms")}
    if isinstance(x, list):
        return [norm(v) for v in x]
    return x
a = norm(json.load(open(sys.argv[1])))
b = norm(json.load(open(sys.argv[2])))
n = len(a.get("devices", []))
print("devices", n)
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("differs:", k, json.dumps(a.get(k))[:300], "|",
                  json.dumps(b.get(k))[:300])
    sys.exit(1)
EOT
rc=$?
check "the same --json as the Linux binary (read times aside)" test $rc -eq 0
sed 's/^/# /' "$T/cmp" | head -n 12
check "every printer of the fleet read (11, v3 included)" grep -qx "devices 11" "$T/cmp"

# The report, as xlsx, opens in openpyxl with a row per printer.
wfa report -q --xlsx "$T/w.xlsx" >/dev/null 2>"$T/rep.err"
check "fleetaudit.exe report --xlsx exits 0" test $? -eq 0
n=$($PY -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
print(max(ws.max_row for ws in wb.worksheets))' "$T/w.xlsx" 2>&1)
check "the workbook opens in openpyxl, a row for each printer ($n)" test "${n:-0}" -gt 11 2>/dev/null

# Keys made on Windows; a bundle the Linux hub imports.
HUB=$T/hub
hubc() { env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HUB="$HUB" "$FA" "$@"; }
hubc hub init "$HUB" -q >/dev/null 2>&1
wfa keys init -q >/dev/null 2>"$T/keys.err"
check "fleetaudit.exe keys init" test $? -eq 0
wfa keys trust-hub "$HUB/hub.pub" >/dev/null 2>&1
check "fleetaudit.exe trusts the hub's key" test $? -eq 0
hubc hub trust add "$T/whome/collector.pub" --account acme -q >/dev/null 2>&1
wfa export bundle -q -o "$T/w1.bundle" >/dev/null 2>"$T/exp.err"
rc=$?
check "fleetaudit.exe export bundle (its own secret key accepted)" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# /' "$T/exp.err" | tr -d '\r' | head -n 3
hubc hub import "$T/w1.bundle" >/dev/null 2>"$T/imp.err"
check "the Linux hub imports the bundle made on Windows" test $? -eq 0
hubc hub devices --account acme --json >"$T/hubdev.json" 2>/dev/null
check "the hub has the 11 printers" test "$(json_get "$T/hubdev.json" 'len(j)')" = 11

# A home with spaces and non-ASCII characters (the program's manifest sets
# the UTF-8 code page, cli/plat_win.manifest).
UH="$T/dir with space/Bücher Ωμέγα 測試"
# (Wine reads the Unix environment in the locale's encoding: UTF-8 here.)
env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
    LC_ALL=C.UTF-8 FLEETAUDIT_HOME="$UH" timeout 300 "$WINE" "$ZEXE" assess -q -c public \
    $P.1-5 >/dev/null 2>"$T/u8.err"
check "assess with a home named with spaces and non-ASCII characters" test $? -eq 0
check "its store is in that very directory" test -s "$UH/store.db"
check "and holds the 5 printers" test "$(sqlite3 "$UH/store.db" 'select count(*) from devices')" = 5

# A loosened secret key is refused: Wine shows others' mode bits as an
# access entry for Everyone, which the check names.
chmod 0644 "$T/whome/collector.key"
wfa export bundle -o "$T/w2.bundle" >/dev/null 2>"$T/loose.err"
rc=$?
tr -d '\r' <"$T/loose.err" >"$T/loose.txt"
check "a loosened secret key is refused (exit 1)" test $rc -eq 1
check "naming the file and who may read it" grep -q "unsafe permissions on secret key .*collector.key.*S-1-1-0" "$T/loose.txt"
check "and no bundle was written" test ! -e "$T/w2.bundle"
finish
