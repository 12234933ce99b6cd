#!/bin/sh
# t1487-windows-local: fleetaudit.exe (make windows-exe) under Wine reads
# the Windows spooler's printers with assess --local.  The test adds
# printers to a Wine prefix of its own through the spooler's API
# (tests/lib/winaddprinter.c: AddPrinterDriverW, AddPrinterW; Wine's
# spooler needs no CUPS for that): one on a Standard TCP/IP port, two on
# USB ports, one on FILE: (virtual, left out).  Each is one device with
# its name, port, driver and location, read twice and still one device
# each (the two at 127.0.0.1 are not merged); --cups-server is refused in
# one line.  Wine reports status 0 for every printer (the status bits are
# tested by test_spool).  Skips, saying why, like t8010.
. "$(dirname "$0")/../lib/common.sh"
host=x86_64-w64-mingw32
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
if ! command -v $host-gcc >/dev/null || [ ! -x "$WINE" ]; then
	echo "ok - # SKIP windows: $host-gcc or wine64 missing"
	exit 0
fi
if ! sh "$top/.ci/windows/deps.sh" --check >/dev/null 2>&1; then
	echo "ok - # SKIP windows: no library cache (make windows-deps)"
	exit 0
fi
make -s -C "$top" windows-exe >"$T/make.out" 2>&1
check "make windows-exe" test $? -eq 0 ||
    { tail -n 20 "$T/make.out" | sed 's/^/# /'; finish; }
EXE=$top/build/windows/fleetaudit.exe
$host-gcc -Wall -o "$T/addp.exe" "$top/tests/lib/winaddprinter.c" \
    -lwinspool >"$T/cc.out" 2>&1
check "the printer-adding tool builds" test $? -eq 0 ||
    { sed 's/^/# /' "$T/cc.out"; finish; }

export WINEPREFIX="$T/wine" WINEDEBUG=-all
w() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    WINEDEBUG=-all FLEETAUDIT_HOME="$T/whome" timeout 300 "$WINE" "$@"
}
wfa() { w "$EXE" "$@"; }

# --- no printer yet ---------------------------------------------------------
wfa assess --local --json >"$T/n.json" 2>"$T/n.err"
check "assess --local with no printer: exit 0" test $? -eq 0
tr -d '\r' <"$T/n.err" >"$T/n.e"
check "says the spooler has none" grep -q "^local: 0 printers (print system 'Windows spooler') in " "$T/n.e"

w "$T/addp.exe" "Office Laser" "IP_192.0.2.7" "Floor 2" &&
    w "$T/addp.exe" "Front Desk" "USB001" &&
    w "$T/addp.exe" "Back Office" "USB002" "Room 12" &&
    w "$T/addp.exe" "To File" "FILE:"
check "four printers added to the spooler" test $? -eq 0

# --- the spooler's printers -------------------------------------------------
wfa assess --local --json >"$T/a.json" 2>"$T/a.err"
check "assess --local: exit 0" test $? -eq 0
tr -d '\r' <"$T/a.json" >"$T/a.j"
tr -d '\r' <"$T/a.err" >"$T/a.e"
J() { json_get "$T/a.j" "$1"; }
q='{x["sys_name"]: x for x in j["devices"]}'
check "three printers, the FILE: one left out" test "$(J "sorted($q)")" = "['Back Office', 'Front Desk', 'Office Laser']"
d="($q)['Office Laser']"
check "TCP/IP port: its address, port, driver, location" test "$(J "($d['address'], $d['printer_reason'], $d['credential'], $d['sys_descr'], $d['sys_location'])")" = "('192.0.2.7', 'spooler IP_192.0.2.7', 'spooler', 'Wine PostScript Driver', 'Floor 2')"
d="($q)['Front Desk']"
check "USB port: at this computer" test "$(J "($d['address'], $d['printer_reason'], $d['sys_location'], $d['snmp_version'])")" = "('127.0.0.1', 'spooler USB001', None, None)"
check "status as the spooler says (0: idle, running), no error" test "$(J "($d['status']['printer'], $d['status']['device'], $d['status']['errors'], $d['error'])")" = "('idle', 'running', [], None)"
check "no identity the spooler does not know" test "$(J "($d['vendor'], $d['model'], $d['serial'])")" = "(None, None, None)"
check "the cost line" grep -q "^local: 3 printers (print system 'Windows spooler') in [0-9.]* s: 0 IPP requests" "$T/a.e"

wfa assess -q --local >/dev/null 2>&1
wfa devices --json >"$T/d.json" 2>/dev/null
tr -d '\r' <"$T/d.json" >"$T/d.j"
check "read twice: three devices (two at 127.0.0.1, not merged)" test "$(json_get "$T/d.j" "sorted((x['address'], x['scans']) for x in j)")" = "[('127.0.0.1', 2), ('127.0.0.1', 2), ('192.0.2.7', 2)]"

# --- run --local: every pass reads the spooler -------------------------------
# FLEETAUDIT_TIME_SCALE=600: supplies every 30 min are 3 s.
env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
    FLEETAUDIT_HOME="$T/whome" FLEETAUDIT_TIME_SCALE=600 "$WINE" "$EXE" \
    run --local -i discovery=7d -i supplies=30m -i meters=14d \
    -i errors=7d -i attributes=14d >/dev/null 2>"$T/run.log" &
pid=$!
at_exit "kill -9 $pid 2>/dev/null"
passes() { tr -d '\r' <"$T/run.log" | grep -c "local: 3 printers (print system 'Windows spooler')"; }
k=0
while [ "$(passes)" -lt 3 ] && [ $k -lt 600 ]; do
	sleep 0.1
	k=$((k + 1))
done
check "run --local reads the spooler at the discovery and each scan" test "$(passes)" -ge 3
kill -INT $pid
k=0
while kill -0 $pid 2>/dev/null && [ $k -lt 300 ]; do sleep 0.1; k=$((k + 1)); done
wait $pid
check "run stops on Ctrl-C, exit 0" test $? -eq 0
wfa devices --json >"$T/d2.json" 2>/dev/null
tr -d '\r' <"$T/d2.json" >"$T/d2.j"
check "still three devices, each read again" test "$(json_get "$T/d2.j" "(len(j), min(x['scans'] for x in j) >= 4)")" = "(3, True)"

# --- bad input ----------------------------------------------------------------
wfa assess --local --cups-server /run/cups/cups.sock >"$T/o" 2>"$T/e"
check "--cups-server on Windows: exit 2" test $? -eq 2
check "one line says the spooler is read" test "$(tr -d '\r' <"$T/e")" = "fleetaudit: --cups-server '/run/cups/cups.sock': the Windows build reads the Windows spooler's printers, not a CUPS scheduler"
finish
